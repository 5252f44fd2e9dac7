// Uses the generated Assistants TypeScript the way a user would; compiled under --strict
// with every catalog's output (tests/test_typescript.py), so a type that stops narrowing
// fails the suite. `streams.test.mjs` runs it.
import {
  RunStatus,
  isKnownEvent,
  iterEvents,
  parseEvent,
  type AssistantStreamEvent,
  type MessageContentDelta,
  type ThreadRunIncomplete,
} from "../../generated/assistants/typescript/src/index.js";

/** One line per event: what a client would show. */
export function summarize(stream: string): string[] {
  const out: string[] = [];
  for (const event of iterEvents(stream, { errors: "keep" })) {
    if (!isKnownEvent(event)) {
      out.push(`? ${event.event}`);
      continue;
    }
    out.push(describe(event));
  }
  return out;
}

function describe(event: AssistantStreamEvent): string {
  switch (event.event) {
    case "thread.message.delta":
      return (event.data.delta.content ?? []).map((part) => (part === null ? "" : text(part))).join("");
    case "thread.run.incomplete": {
      const incomplete: ThreadRunIncomplete = event;
      return `incomplete: ${incomplete.data.incomplete_details?.reason ?? "?"}`;
    }
    case "thread.run.requires_action":
      return (event.data.required_action?.submit_tool_outputs.tool_calls ?? [])
        .map((call) => call.function.name)
        .join(",");
    case "error":
      return `error: ${event.data.message}`;
    case "done":
      return event.data;
    default:
      return `${event.event} ${statusOf(event)}`;
  }
}

function text(part: MessageContentDelta): string {
  switch (part.type) {
    case "text":
      return part.text?.value ?? "";
    case "image_file":
      return `[image ${part.image_file?.file_id ?? ""}]`;
    default:
      return `[${String(part.type)}]`;
  }
}

function statusOf(event: AssistantStreamEvent): RunStatus | string {
  const data = event.data;
  return typeof data === "object" && "status" in data && typeof data.status === "string" ? data.status : "";
}

/** An open enum takes values the catalog does not list; its constants are the known ones. */
export const statuses: RunStatus[] = ["paused", RunStatus.QUEUED];

/** `parseEvent` narrows on the wire name; unknown names come back as `UnknownEvent`. */
export function kindOf(name: string, data: string): string {
  const event = parseEvent(name, data);
  if ("unknown" in event) {
    return `unknown ${event.event}`;
  }
  return event.event;
}
