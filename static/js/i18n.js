// The page's words in the chosen language. Every string the page shows lives in one catalogue per
// language (static/i18n/en.json, static/i18n/zh-CN.json); `t(key, params)` fills its {placeholders}
// (numbers written for people in that language) and picks a plural form with Intl.PluralRules.
// The language is the store's "lang": from the URL hash, else the one chosen before (localStorage),
// else the browser's (navigator.languages). Switching it re-translates the text, never the run.

import en from "../i18n/en.json" with { type: "json" };
import zhCN from "../i18n/zh-CN.json" with { type: "json" };
import { formatLimit, setNumberLocale } from "./format.js";

/** The languages the page speaks, each named in its own language (the language menu). */
export const LANGUAGES = { en: "English", "zh-CN": "简体中文" };
export const DEFAULT_LANGUAGE = "en";
const REMEMBERED = "nn-playground.lang";

/** Every catalogue, loaded with the modules (JSON modules), so no panel ever draws a key. */
const catalogues = { en, "zh-CN": zhCN };
let current = DEFAULT_LANGUAGE;

/** A language tag as one the page speaks ("zh", "zh-Hans-CN" → "zh-CN"; "en-GB" → "en"), or null. */
export function supported(tag) {
  if (typeof tag !== "string" || tag === "") return null;
  const lower = tag.toLowerCase();
  if (lower === "zh" || lower.startsWith("zh-")) return "zh-CN";
  if (lower === "en" || lower.startsWith("en-")) return "en";
  return null;
}

/** The language to use: the hash's, else the one remembered, else the browser's first we speak. */
export function chooseLanguage(fromHash) {
  let remembered = null;
  try {
    remembered = window.localStorage.getItem(REMEMBERED);
  } catch {
    // Storage may be off (private mode); the browser's language decides then.
  }
  const browser = [...(navigator.languages ?? []), navigator.language].map(supported).find(Boolean);
  return supported(fromHash) ?? supported(remembered) ?? browser ?? DEFAULT_LANGUAGE;
}

export function language() {
  return current;
}

/** Make `code` the page's language: catalogues, numbers, <html lang>, the remembered choice. */
export function useLanguage(code) {
  current = supported(code) ?? DEFAULT_LANGUAGE;
  setNumberLocale(current);
  document.documentElement.lang = current;
  try {
    window.localStorage.setItem(REMEMBERED, current);
  } catch {
    // Not remembered when storage is off; the URL still carries it.
  }
}

/** Whether the catalogue has `key` (in the current language or English). */
export function has(key) {
  return (catalogues[current]?.[key] ?? catalogues.en?.[key]) !== undefined;
}

/**
 * The sentence `key` in the current language, its {placeholders} filled from `params` (numbers
 * written for people). A plural entry ({one, other}) is chosen by `params.count`. An unknown key
 * gives `fallback` when one is passed, else the key itself.
 */
export function t(key, params = {}, fallback = undefined) {
  let entry = catalogues[current]?.[key] ?? catalogues.en?.[key];
  if (entry === undefined) return fallback ?? key;
  if (typeof entry === "object") {
    const form = new Intl.PluralRules(current).select(Number(params.count ?? 0));
    entry = entry[form] ?? entry.other;
  }
  return entry.replace(/\{(\w+)\}/g, (whole, name) => {
    const value = params[name];
    if (value === undefined || value === null) return whole;
    return typeof value === "number" ? formatLimit(value) : String(value);
  });
}

/** An option's label: its catalogue entry `option.<table>.<name>`, else `fallback` (the engine's name). */
export function optionLabel(table, name, fallback = name) {
  return t(`option.${table}.${name}`, {}, fallback);
}

/**
 * Translate the static text under `root`: `data-i18n` (text), `data-i18n-title`,
 * `data-i18n-aria-label` and `data-i18n-placeholder` (attributes) name catalogue keys.
 */
export function translateStatic(root = document) {
  for (const el of root.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  const attributes = { i18nTitle: "title", i18nAriaLabel: "aria-label", i18nPlaceholder: "placeholder" };
  for (const [data, attribute] of Object.entries(attributes)) {
    const selector = `[data-${data.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}]`;
    for (const el of root.querySelectorAll(selector)) el.setAttribute(attribute, t(el.dataset[data]));
  }
}
