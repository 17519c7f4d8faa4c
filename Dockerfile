FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /srv/nn-playground

# Dependencies first, read from pyproject.toml, so this layer stays cached while the source changes.
COPY pyproject.toml README.md ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" > /tmp/requirements.txt \
    && pip install --no-cache-dir -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

COPY app ./app
COPY engine ./engine
COPY static ./static
COPY templates ./templates
RUN pip install --no-cache-dir --no-deps . \
    && useradd --create-home --uid 10001 playground \
    && mkdir /data && chown playground /data

# Saved sessions and share links; mount a volume here (docker run -v nn-playground-data:/data).
ENV NN_PLAYGROUND_DB=/data/playground.db
VOLUME ["/data"]

USER 10001
EXPOSE 8000
# The server answers to localhost and 127.0.0.1; to open it by another name, run the image with
# -e NN_PLAYGROUND_ALLOWED_HOSTS=playground.example.org (comma-separated; * allows any).
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
    CMD ["python", "-c", "import urllib.request, sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=4).status != 200)"]
CMD ["nn-playground", "--host", "0.0.0.0", "--port", "8000"]
