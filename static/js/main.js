// Wires the page: one store, the session that talks to the server, the URL, and one object per
// panel (each owns its part of the DOM and talks to the others only through the store). A new panel
// is a new file in panels/ and one line here.

import { History } from "./history.js";
import { AccessPanel } from "./panels/access.js";
import { ComparePanel } from "./panels/compare.js";
import { CoachPanel } from "./panels/coach.js";
import { DataPanel } from "./panels/data.js";
import { LearningPanel } from "./panels/learning.js";
import { LanguagePanel } from "./panels/language.js";
import { LessonsPanel } from "./panels/lessons.js";
import { MyRunsPanel } from "./panels/my-runs.js";
import { SavedNotice } from "./panels/saved-notice.js";
import { SharePanel } from "./panels/share.js";
import { MessagesPanel } from "./panels/messages.js";
import { NetworkPanel } from "./panels/network.js";
import { OutputPanel } from "./panels/output.js";
import { SweepPanel } from "./panels/sweep.js";
import { TopBar } from "./panels/topbar.js";
import { probe } from "./probe.js";
import { Session } from "./session.js";
import { Painter, Store } from "./store.js";
import { defaultSettings, UrlSync } from "./url.js";

const store = new Store({
  ...defaultSettings(), // resolution, speed, discretize, showTest, showNeurons, lang, lesson
  tables: {},
  defaults: {},
  limits: { maxLayers: 8, maxNeurons: 16, maxFps: 60, maxStepsPerFrame: 100 },
  dataBox: undefined,
  bounds: undefined,
  session: null,
  config: {},
  playing: false,
  latest: null,
  framesSeen: 0,
  history: new History(),
  points: null,
  custom: null,
  added: null, // points added on top of the generated dataset (then `custom` = its points + these)
  dataPending: null, // why the shown points cannot be trained on yet, or null
  traced: null,
  preview: null,
  selectedClass: 0,
  targetValue: 1,
  clickMode: "add",
  kept: false, // the session outlives the page (a fork of a share, or kept in My runs)
  coachMarks: {}, // what the coach's diagnoses point at: {gradients | dead | loss: {label, layer}}
});
const painter = new Painter(store);
const session = new Session(store);
const url = new UrlSync(store, session);
const panels = {
  language: new LanguagePanel(store),
  messages: new MessagesPanel(store, session),
  topbar: new TopBar(store, session),
  data: new DataPanel(store, session),
  network: new NetworkPanel(store, session),
  output: new OutputPanel(store),
  learning: new LearningPanel(store, session),
  lessons: new LessonsPanel(store, session),
  coach: new CoachPanel(store, session),
  access: new AccessPanel(store),
  share: new SharePanel(store, session),
  myRuns: new MyRunsPanel(store),
  savedNotice: new SavedNotice(store),
  sweep: new SweepPanel(store, session),
  compare: new ComparePanel(store, session),
};
window.playground = probe(store, painter, panels);

const { config, points, onDataset, saved } = url.read();
panels.language.apply(store.get("lang"));
session.start(config, points, onDataset, saved).then(() => {
  store.emit("started");
  document.body.dataset.ready = "true";
});
