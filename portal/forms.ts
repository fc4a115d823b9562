/// <reference lib="dom" />
import { h } from "../dashboard/dom";
import type { FieldInfo, PortalSchema } from "./schema";

/** A field name as words: `foundedYear` is "Founded year". */
export const humanize = (name: string) =>
  name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .replace(/^./, c => c.toUpperCase());

/** Labels the form needs from the page's language. */
export interface FormLabels {
  keep: string;
  yes: string;
  no: string;
  jsonHint: string;
  linesHint: string;
}

/** A form built from an input type: its element, the values the user changed, and where to show the graph's complaints. */
export interface InputForm {
  element: HTMLElement;
  /** The input to send: only changed fields (and every required one); throws `FieldProblem` for a field it cannot read. */
  collect(): Record<string, unknown>;
  /** Shows a problem at the field a path names (`description`, `source.url`, `input.names.0.text`); false if no field has that path. */
  showProblem(path: string, message: string): boolean;
  clearProblems(): void;
}

/** A field whose text the page cannot turn into a value (a JSON list that does not parse). */
export class FieldProblem extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

interface Control {
  path: string;
  error: HTMLElement;
  control: HTMLElement;
  /** The value to send, or undefined to leave the field as it is. */
  read(): unknown;
}

const CHANGED = Symbol("changed");
const isTextual = (info: FieldInfo) => info.type.kind === "SCALAR" && !["Int", "Float", "Boolean"].includes(info.type.name);

/**
 * Builds the controls of an input type (`UpdateClusterInput`) from the schema's description: a text box, a number, a
 * list of options or a nested group per field, labelled by its name and described by its description, prefilled from
 * `current`. A field the schema adds appears here with no change to the page.
 */
export function inputForm(schema: PortalSchema, inputName: string, current: Record<string, unknown>, idPrefix: string, labels: FormLabels, options: { fresh?: boolean } = {}): InputForm {
  const controls: Control[] = [];

  const build = (typeName: string, prefix: string, values: Record<string, unknown>, required: boolean): { element: HTMLElement; read(): Record<string, unknown> | undefined } => {
    const own: { name: string; read(): unknown }[] = [];
    const element = h("div", { class: "fields" });
    for (const info of schema.inputs[typeName] ?? []) {
      const path = prefix ? `${prefix}.${info.name}` : info.name;
      const id = `${idPrefix}-${path.replace(/\./g, "-")}`;
      const hint = h("small", { id: `${id}-hint`, class: "hint" }, info.description);
      const error = h("p", { id: `${id}-error`, class: "problem", hidden: "" });
      const describedBy = `${id}-hint ${id}-error`;
      const value = values[info.name];
      const type = info.type;
      if (type.kind === "INPUT_OBJECT" && !type.list) {
        const nested = build(type.name, path, (value as Record<string, unknown>) ?? {}, type.required);
        element.append(h("fieldset", { class: "group", "data-path": path }, h("legend", {}, humanize(info.name)), hint, nested.element, error));
        own.push({ name: info.name, read: () => nested.read() });
        controls.push({ path, error, control: nested.element, read: nested.read });
        continue;
      }
      if (type.kind === "ENUM" && type.list) {
        const chosen = new Set(Array.isArray(value) ? (value as string[]) : []);
        const boxes = (schema.enums[type.name] ?? []).map(option => {
          const box = h("input", { type: "checkbox", id: `${id}-${option.name}`, value: option.name, "aria-describedby": describedBy });
          box.checked = chosen.has(option.name);
          return [box, h("label", { for: `${id}-${option.name}`, class: "option" }, box, ` ${option.name}`)] as const;
        });
        const initial = [...chosen].sort().join(",");
        const read = () => {
          const now = boxes.filter(([box]) => box.checked).map(([box]) => box.value);
          return now.sort().join(",") === initial ? undefined : now;
        };
        element.append(h("fieldset", { class: "group", "data-path": path }, h("legend", {}, humanize(info.name)), hint, ...boxes.map(([, label]) => label), error));
        own.push({ name: info.name, read });
        controls.push({ path, error, control: boxes[0]?.[0] ?? element, read });
        continue;
      }
      let control: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;
      let initial: string;
      let parse: (text: string) => unknown;
      if (type.kind === "ENUM" || type.name === "Boolean") {
        const options = type.kind === "ENUM" ? (schema.enums[type.name] ?? []).map(option => [option.name, option.name]) : [["true", labels.yes], ["false", labels.no]];
        control = h("select", { id, "aria-describedby": describedBy }, h("option", { value: "" }, labels.keep), ...options.map(([name, text]) => h("option", { value: name }, text)));
        initial = value == null ? "" : String(value);
        parse = text => (type.name === "Boolean" ? text === "true" : text);
      } else if (type.list && type.kind === "INPUT_OBJECT") {
        control = h("textarea", { id, rows: 4, "aria-describedby": describedBy, placeholder: labels.jsonHint });
        initial = "";
        parse = text => {
          try {
            return JSON.parse(text) as unknown;
          } catch {
            throw new FieldProblem(path, labels.jsonHint);
          }
        };
      } else if (type.list) {
        control = h("textarea", { id, rows: 3, "aria-describedby": describedBy, placeholder: labels.linesHint });
        initial = Array.isArray(value) ? (value as unknown[]).join("\n") : "";
        parse = text => text.split("\n").map(line => line.trim()).filter(Boolean).map(line => (type.name === "Int" ? Number(line) : line));
      } else if (type.name === "Int" || type.name === "Float") {
        control = h("input", { id, type: "number", step: type.name === "Int" ? 1 : "any", "aria-describedby": describedBy });
        initial = value == null ? "" : String(value);
        parse = text => Number(text);
      } else {
        const long = isTextual(info) && (/description|summary|note/i.test(info.name) || String(value ?? "").length > 80);
        control = long ? h("textarea", { id, rows: 4, "aria-describedby": describedBy }) : h("input", { id, type: "text", "aria-describedby": describedBy });
        initial = value == null ? "" : String(value);
        parse = text => text;
      }
      control.value = initial;
      if (type.required) control.setAttribute("aria-required", "true");
      const read = () => {
        const text = control.value.trim();
        // A new thing (`fresh`) sends every field filled in; a change, only what differs from today's value.
        if (options.fresh) return text ? parse(text) : undefined;
        if (text === initial.trim() && !(required && type.required && text)) return undefined;
        if (!text) return required ? undefined : null;
        return parse(text);
      };
      element.append(h("div", { class: "field", "data-path": path }, h("label", { for: id }, humanize(info.name), type.required ? " *" : ""), control, hint, error));
      own.push({ name: info.name, read });
      controls.push({ path, error, control, read });
    }
    return {
      element,
      read() {
        const out: Record<string, unknown> = {};
        for (const field of own) {
          const value = field.read();
          if (value !== undefined) out[field.name] = value;
        }
        return Object.keys(out).length || required ? Object.assign(out, { [CHANGED]: true }) : undefined;
      },
    };
  };

  const root = build(inputName, "", current, false);
  return {
    element: root.element,
    collect: () => JSON.parse(JSON.stringify(root.read() ?? {})) as Record<string, unknown>,
    showProblem(path, message) {
      const wanted = path.replace(/^input\./, "");
      // The deepest field the path names or lies under: `names.0.text` is shown at `names`.
      const control = controls.filter(c => wanted === c.path || wanted.startsWith(`${c.path}.`)).sort((a, b) => b.path.length - a.path.length)[0];
      if (!control) return false;
      control.error.textContent = message;
      control.error.hidden = false;
      control.control.setAttribute("aria-invalid", "true");
      return true;
    },
    clearProblems() {
      for (const control of controls) {
        control.error.hidden = true;
        control.error.textContent = "";
        control.control.removeAttribute("aria-invalid");
      }
    },
  };
}
