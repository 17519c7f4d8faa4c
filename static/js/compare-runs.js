// The runs of the Compare view on the server, advanced in lockstep: every tick steps each session
// by the same number of steps (POST /step, all at once), then fetches each one's boundary grid, so
// every run shows the same step. Only the sessions made here are deleted at the end.

import { api, decodeGrid } from "./api.js";

/** Resolution of each small multiple's boundary grid. */
export const GRID_RESOLUTION = 40;
/** Each run's loss curve keeps at most this many points (every other one dropped when full). */
const CURVE_POINTS = 2000;

/** One run: its session, label, config, points, latest metrics and grid, and its loss curve. */
class CompareRun {
  constructor(id, label, own) {
    this.id = id;
    this.label = label;
    this.own = own; // made by the Compare view, so deleted when it closes
    this.config = {};
    this.metrics = {};
    this.points = null;
    this.grid = null;
    this.curve = { step: [], loss: [] };
  }

  record(metrics) {
    this.metrics = metrics;
    const { step, loss } = this.curve;
    if (step.length && step[step.length - 1] >= metrics.step) return;
    step.push(metrics.step);
    loss.push(metrics.train_loss ?? null);
    if (step.length > CURVE_POINTS) {
      this.curve = { step: step.filter((_, i) => i % 2 === 0), loss: loss.filter((_, i) => i % 2 === 0) };
    }
  }

  /** Whether training can go on (a diverged or early-stopped run stays where it stopped). */
  get active() {
    return (this.metrics.status ?? "idle") === "idle";
  }
}

export class Lockstep {
  constructor() {
    this.runs = [];
  }

  /**
   * New sessions, one per `{config, label}`; `points` (rows [x1, x2, label, split?]) replace each
   * one's data when given. If one cannot be made, those made are deleted and the error thrown.
   */
  async create(specs, points = null) {
    const made = [];
    try {
      for (const spec of specs) {
        const created = await api.createSession(spec.config);
        const run = new CompareRun(created.id, spec.label, true);
        made.push(run);
        if (points) await api.putPoints(run.id, points);
        run.config = created.config;
        run.record(created.metrics ?? {});
      }
    } catch (error) {
      for (const run of made) api.deleteSession(run.id).catch(() => {});
      throw error;
    }
    this.runs = made;
    await this.load();
  }

  /** Existing sessions ([{id, label}]), shown as they are and never deleted here. */
  async attach(sessions) {
    const runs = sessions.map(({ id, label }) => new CompareRun(id, label, false));
    const answers = await Promise.all(runs.map((run) => api.getSession(run.id)));
    answers.forEach((answer, i) => {
      runs[i].config = answer.config ?? {};
      runs[i].metrics = answer.metrics ?? {};
    });
    await Promise.all(runs.map((run) => api.pause(run.id).catch(() => {})));
    this.runs = runs;
    await this.load();
  }

  /** Points, loss history and boundary of every run. */
  async load() {
    await Promise.all(
      this.runs.map(async (run) => {
        run.points = await api.points(run.id);
        const history = await api.history(run.id);
        run.curve = { step: [], loss: [] };
        history.step.forEach((step, i) => run.record({ ...run.metrics, step, train_loss: history.train_loss[i] }));
      }),
    );
    await this.grids();
  }

  /** Advance every run that can still train by `steps`, then fetch the grids. */
  async step(steps) {
    const answers = await Promise.all(this.runs.map((run) => api.step(run.id, { steps })));
    answers.forEach((metrics, i) => this.runs[i].record(metrics));
    await this.grids();
  }

  async grids() {
    const answers = await Promise.all(this.runs.map((run) => api.boundary(run.id, GRID_RESOLUTION)));
    answers.forEach((answer, i) => {
      this.runs[i].grid = decodeGrid(answer.grid);
    });
  }

  /** Every run back to step 0 with its own seed's weights (the same data). */
  async resetAll() {
    const answers = await Promise.all(this.runs.map((run) => api.reset(run.id)));
    answers.forEach((answer, i) => {
      const run = this.runs[i];
      run.curve = { step: [], loss: [] };
      run.record(answer.metrics ?? {});
    });
    await this.grids();
  }

  /** Whether any run can still train. */
  get active() {
    return this.runs.some((run) => run.active);
  }

  /** The step the runs are at (the furthest, if one stopped early). */
  get currentStep() {
    return Math.max(0, ...this.runs.map((run) => run.metrics.step ?? 0));
  }

  /** Delete the sessions made here (never one given to `attach`); forget every run. */
  async close() {
    const own = this.runs.filter((run) => run.own);
    this.runs = [];
    await Promise.all(own.map((run) => api.deleteSession(run.id).catch(() => {})));
  }

  /** While the page unloads: the sessions made here, deleted with keepalive requests. */
  forget() {
    for (const run of this.runs) if (run.own) api.forget(run.id);
  }
}
