// How fast "play" trains: each choice of the Speed menu as frames per second and training steps per
// frame. Speeds are counted in epochs (passes over the training data) where they can be, so they
// mean the same on a small and a large dataset. "normal" makes two passes per frame at 30 fps: sixty
// epochs a second, TensorFlow Playground's pace (one epoch per frame at 60 fps).

/** Examples "fastest" trains per frame at most, so a change still applies within a frame or two. */
const FASTEST_EXAMPLES_PER_FRAME = 20_000;

/**
 * Each speed: frames per second, steps or epochs per frame ("max": the server's limit). Its name and
 * tooltip are the catalogue's `speed.<name>` and `speed.<name>.tip`.
 */
export const SPEEDS = {
  slow: { fps: 20, steps: 1 },
  normal: { fps: 30, epochs: 2 },
  fast: { fps: 30, epochs: 5 },
  fastest: { fps: "max", steps: "max" },
};

export const DEFAULT_SPEED = "normal";

/**
 * The pace of `speed` ({fps, stepsPerFrame}) for `trainingPoints` points in batches of `batchSize`,
 * within the server's `limits` ({maxFps, maxStepsPerFrame}).
 */
export function pace(speed, trainingPoints, batchSize, limits) {
  const s = SPEEDS[speed] ?? SPEEDS[DEFAULT_SPEED];
  const batch = Math.max(1, Math.min(batchSize || 1, trainingPoints || batchSize || 1));
  const stepsPerEpoch = Math.max(1, Math.ceil((trainingPoints || batch) / batch));
  let steps;
  if (s.steps === "max") steps = Math.floor(FASTEST_EXAMPLES_PER_FRAME / batch);
  else steps = s.steps ?? s.epochs * stepsPerEpoch;
  return {
    fps: s.fps === "max" ? limits.maxFps : Math.min(s.fps, limits.maxFps),
    stepsPerFrame: Math.max(1, Math.min(steps, limits.maxStepsPerFrame)),
  };
}

/** Run states after which the server trains no more until a reset or a change. */
const STOPPED = new Set(["diverged", "stopped_early"]);

/**
 * Whether the run plays after the answer to Play, given the newest frame that arrived while the
 * request was out (or null): the later of the two wins, and a frame saying the run stopped
 * (diverged, stopped early) is never older than an answer that still saw it training.
 */
export function playingAfterPlay(answer, frame) {
  const status = answer?.metrics?.status ?? answer?.status;
  const playing = Boolean(answer?.playing) && !STOPPED.has(status);
  if (!frame) return playing;
  if (STOPPED.has(frame.status)) return false;
  return frame.step > (answer?.metrics?.step ?? 0) ? Boolean(frame.playing) : playing;
}
