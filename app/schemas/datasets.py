"""A small sample of every dataset (GET /api/datasets/samples), for pictures of the datasets."""

from __future__ import annotations

from pydantic import BaseModel, Field

__all__ = ["DatasetSample", "DatasetSamples"]


class DatasetSample(BaseModel):
    name: str = Field(description="The value of data.dataset.", examples=["spiral"])
    kind: str = Field(description="classification or regression", examples=["classification"])
    n_classes: int = Field(
        description="Classes in the sample (0 for regression).", ge=0, examples=[3]
    )
    points: list[tuple[float, float, float]] = Field(
        description="[x1, x2, label] rows: a class 0..n_classes-1, or a regression target; "
        "coordinates rounded to 3 decimals.",
        examples=[[[-2.512, -3.819, 1], [1.2, 0.4, 0]]],
    )


class DatasetSamples(BaseModel):
    n: int = Field(description="Points per dataset.", examples=[120])
    seed: int = Field(description="The seed every dataset's generator started from.", examples=[0])
    datasets: list[DatasetSample] = Field(description="One entry per dataset, in table order.")
