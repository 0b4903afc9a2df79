// Turns any HTML (editor output, Google Docs or Word paste, hostile input) into the tree of the stored entry format.
// Iterative throughout: input nesting is unbounded, and recursion would let a deep paste overflow the stack.
import { ElementType, parseDocument } from "htmlparser2";
import { parseEmbedUrl } from "./embeds";
import { DROPPED_WITH_CONTENT, isMediaUrl, LINK_REL, safeLinkHref } from "./entry-allowlist";

export type TEntryElement = { tag: string; attributes: Record<string, string>; children: TEntryNode[] };
export type TEntryNode = TEntryElement | string;

type TSourceNode = ReturnType<typeof parseDocument>["children"][number];
type TSourceElement = Extract<TSourceNode, { attribs: unknown }>;
type TSourceText = Extract<TSourceNode, { type: typeof ElementType.Text }>;
type TMark = "strong" | "em" | "s";

/** What the output holds open around a node: decides which nestings a parser (htmlparser2 or a browser) would undo. */
type TContext = { depth: number; marks: ReadonlySet<TMark>; insideP: boolean; insideHeading: boolean; insideLink: boolean; insideListItem: boolean };
type TBuilder = { nodes: TEntryNode[]; hasContent: boolean };
type TStep =
  | { kind: "visit"; node: TSourceNode; into: TBuilder; context: TContext }
  | { kind: "close"; tags: readonly string[]; attributes: Record<string, string>; children: TBuilder; into: TBuilder };

const DROPPED = new Set(DROPPED_WITH_CONTENT);
const RENAMED: Record<string, string> = { h1: "h2", h5: "h4", h6: "h4" };
const BLOCKS = new Set(["p", "h2", "h3", "h4", "ul", "ol", "li", "blockquote", "figure", "figcaption"]);
/** Start tags that close an open <p> (HTML's "close a p element"), within our tag set. */
const CLOSES_P = new Set([...BLOCKS, "div"]);
/** Source blocks after which Google Docs' bare <br> stands for an empty paragraph. */
const SOURCE_BLOCKS = new Set([...BLOCKS, "h1", "h5", "h6", "div", "table", "hr", "pre"]);
const MARK_ORDER: readonly TMark[] = ["strong", "em", "s"];
const BASE_MARKS: Record<string, readonly TMark[]> = { span: [], font: [], u: [], b: ["strong"], strong: ["strong"], i: ["em"], em: ["em"], s: ["s"], strike: ["s"], del: ["s"] };
const DIMENSION = /^[1-9][0-9]{0,4}$/;
const ROOT_CONTEXT: TContext = { depth: 0, marks: new Set(), insideP: false, insideHeading: false, insideLink: false, insideListItem: false };
/** Deeper elements are unwrapped: no real entry nests this far, and parsers (htmlparser2, browsers) slow down or re-parent beyond. */
const MAX_DEPTH = 40;

export function cleanEntryTree(html: string, mediaPrefix: string): TEntryNode[] {
  const root: TBuilder = { nodes: [], hasContent: false };
  const steps: TStep[] = [];
  const visitChildren = (nodes: readonly TSourceNode[], into: TBuilder, context: TContext) => {
    for (let index = nodes.length - 1; index >= 0; index--) steps.push({ kind: "visit", node: nodes[index] as TSourceNode, into, context });
  };
  visitChildren(parseDocument(html).children, root, ROOT_CONTEXT);

  for (let step = steps.pop(); step; step = steps.pop()) {
    if (step.kind === "close") {
      closeElement(step.tags, step.attributes, step.children, step.into);
      continue;
    }
    const { node, into, context } = step;
    if (isText(node)) {
      const text = node.data.replace(/\0/g, "");
      into.nodes.push(text);
      // \S excludes the no-break space, so a paragraph of &nbsp; counts as empty.
      if (/\S/.test(text)) into.hasContent = true;
      continue;
    }
    if (!isElement(node) || DROPPED.has(node.name)) continue;
    const kept = keepAs(node, context, mediaPrefix);
    if (kept === "drop") continue;
    if (kept === "unwrap") {
      visitChildren(node.children, into, context);
      continue;
    }
    if (kept.tags[0] === "img" || kept.tags[0] === "br") {
      into.nodes.push({ tag: kept.tags[0], attributes: kept.attributes, children: [] });
      if (kept.tags[0] === "img") into.hasContent = true;
      continue;
    }
    if (kept.tags[0] === "div") {
      // A placeholder is always empty: whatever was nested inside it follows it instead.
      into.nodes.push({ tag: "div", attributes: kept.attributes, children: [] });
      into.hasContent = true;
      visitChildren(node.children, into, context);
      continue;
    }
    if (context.depth + kept.tags.length > MAX_DEPTH) {
      visitChildren(node.children, into, context);
      continue;
    }
    const children: TBuilder = { nodes: [], hasContent: false };
    steps.push({ kind: "close", tags: kept.tags, attributes: kept.attributes, children, into });
    visitChildren(node.children, children, enter(context, kept.tags));
  }
  return withoutBlockWhitespace(root.nodes);
}

/** Serialises a cleaned tree (escaping text and attribute values); sanitize-html re-parses it as the last gate. */
export function serializeEntryTree(nodes: readonly TEntryNode[]): string {
  const parts: string[] = [];
  const pending: (TEntryNode | { close: string })[] = [...nodes].reverse();
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    if (typeof node === "string") {
      parts.push(escapeHtml(node));
    } else if ("close" in node) {
      parts.push(`</${node.close}>`);
    } else {
      const attributes = Object.entries(node.attributes).map(([name, value]) => ` ${name}="${escapeHtml(value).replace(/"/g, "&quot;")}"`);
      parts.push(`<${node.tag}${attributes.join("")}>`);
      if (node.tag === "img" || node.tag === "br") continue;
      pending.push({ close: node.tag });
      for (let index = node.children.length - 1; index >= 0; index--) pending.push(node.children[index] as TEntryNode);
    }
  }
  return parts.join("");
}

function isText(node: TSourceNode): node is TSourceText {
  return node.type === ElementType.Text;
}

function isElement(node: TSourceNode): node is TSourceElement {
  return node.type === ElementType.Tag || node.type === ElementType.Script || node.type === ElementType.Style;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

type TKept = { tags: readonly string[]; attributes: Record<string, string> };

function keepAs(element: TSourceElement, context: TContext, mediaPrefix: string): TKept | "drop" | "unwrap" {
  const name = RENAMED[element.name] ?? element.name;
  const attribs = element.attribs;
  const baseMarks = BASE_MARKS[name];
  if (baseMarks) return markTags(baseMarks, attribs.style, context);
  if (wouldBeReparented(name, context)) return "unwrap";
  switch (name) {
    case "p":
    case "h2":
    case "h3":
    case "h4":
    case "ul":
    case "ol":
    case "li":
    case "blockquote":
    case "figure":
    case "figcaption":
      return { tags: [name], attributes: {} };
    case "br":
      return isBlankLineBreak(element) ? "drop" : { tags: ["br"], attributes: {} };
    case "a": {
      const href = safeLinkHref(attribs.href);
      if (!href) return "unwrap";
      const title = attribs.title?.replace(/\0/g, "");
      return { tags: ["a"], attributes: title ? { href, title, rel: LINK_REL } : { href, rel: LINK_REL } };
    }
    case "img": {
      if (!isMediaUrl(attribs.src, mediaPrefix)) return "drop";
      const attributes: Record<string, string> = { src: attribs.src ?? "" };
      if (attribs.alt !== undefined) attributes.alt = attribs.alt.replace(/\0/g, "");
      if (DIMENSION.test(attribs.width ?? "")) attributes.width = attribs.width ?? "";
      if (DIMENSION.test(attribs.height ?? "")) attributes.height = attribs.height ?? "";
      return { tags: ["img"], attributes };
    }
    case "div": {
      const embed = parseEmbedUrl(attribs["data-url"] ?? "");
      if (!embed || attribs["data-embed"] !== embed.provider) return "unwrap";
      return { tags: ["div"], attributes: { "data-embed": embed.provider, "data-url": embed.canonicalUrl } };
    }
    default:
      return "unwrap";
  }
}

/** True when a parser meeting this start tag inside the current output would close an open element first. */
function wouldBeReparented(name: string, context: TContext): boolean {
  if (CLOSES_P.has(name) && context.insideP) return true;
  if ((name === "h2" || name === "h3" || name === "h4") && context.insideHeading) return true;
  if (name === "li" && context.insideListItem) return true;
  // An embed renders as a block that can hold a link card: never inside a heading or a link.
  if (name === "div" && (context.insideHeading || context.insideLink)) return true;
  return name === "a" && context.insideLink;
}

function enter(context: TContext, tags: readonly string[]): TContext {
  let next = { ...context, depth: context.depth + tags.length };
  for (const tag of tags) {
    if (tag === "strong" || tag === "em" || tag === "s") next = { ...next, marks: new Set([...next.marks, tag]) };
    else if (tag === "p") next = { ...next, insideP: true };
    else if (tag === "h2" || tag === "h3" || tag === "h4") next = { ...next, insideHeading: true };
    else if (tag === "a") next = { ...next, insideLink: true };
    else if (tag === "li") next = { ...next, insideListItem: true };
    else if (tag === "ul" || tag === "ol") next = { ...next, insideListItem: false };
  }
  return next;
}

function closeElement(tags: readonly string[], attributes: Record<string, string>, children: TBuilder, into: TBuilder) {
  const innermost = tags.at(-1) ?? "";
  // Empty blocks collapse; inline marks and links go only when nothing at all is left inside (a space still separates words).
  if (BLOCKS.has(innermost) ? !children.hasContent : children.nodes.length === 0) return;
  let nodes = BLOCKS.has(innermost) ? withoutBlockWhitespace(children.nodes) : children.nodes;
  for (let index = tags.length - 1; index >= 0; index--) nodes = [{ tag: tags[index] ?? "", attributes: index === 0 ? attributes : {}, children: nodes }];
  into.nodes.push(...nodes);
  if (children.hasContent) into.hasContent = true;
}

/** Drops whitespace-only text that only separates blocks (Word's line breaks between paragraphs): it never renders. */
function withoutBlockWhitespace(nodes: TEntryNode[]): TEntryNode[] {
  const merged: TEntryNode[] = [];
  for (const node of nodes) {
    const last = merged.at(-1);
    if (typeof node === "string" && typeof last === "string") merged[merged.length - 1] = last + node;
    else merged.push(node);
  }
  const isBlockOrEdge = (node: TEntryNode | undefined) => node === undefined || (typeof node !== "string" && (BLOCKS.has(node.tag) || node.tag === "div"));
  return merged.filter((node, index) => typeof node !== "string" || /[^\t\n\f\r ]/.test(node) || !isBlockOrEdge(merged[index - 1]) || !isBlockOrEdge(merged[index + 1]));
}

/** Tags for a formatting element: its own marks, overridden by its inline style (how Google Docs and Word say bold/italic). */
function markTags(baseMarks: readonly TMark[], style: string | undefined, context: TContext): TKept | "drop" | "unwrap" {
  const declarations = parseStyle(style);
  // Word's typed list number or bullet, and text hidden in the source document, are not entry text.
  if (declarations.get("mso-list") === "ignore" || declarations.get("display") === "none" || declarations.get("mso-hide") === "all") return "drop";
  const marks = new Set(baseMarks);
  setMark(marks, "strong", fontWeightIsBold(declarations.get("font-weight")));
  setMark(marks, "em", fontStyleIsItalic(declarations.get("font-style")));
  setMark(marks, "s", decorationIsLineThrough(declarations.get("text-decoration-line") ?? declarations.get("text-decoration")));
  const tags = MARK_ORDER.filter((mark) => marks.has(mark) && !context.marks.has(mark));
  return tags.length === 0 ? "unwrap" : { tags, attributes: {} };
}

function setMark(marks: Set<TMark>, mark: TMark, on: boolean | undefined) {
  if (on === true) marks.add(mark);
  if (on === false) marks.delete(mark);
}

/** Declarations by lower-cased property; enough for the few longhand properties read here. */
function parseStyle(style: string | undefined): Map<string, string> {
  const declarations = new Map<string, string>();
  for (const declaration of (style ?? "").split(";")) {
    const colon = declaration.indexOf(":");
    if (colon === -1) continue;
    const value = declaration.slice(colon + 1).replace(/!important/i, "").trim().toLowerCase();
    declarations.set(declaration.slice(0, colon).trim().toLowerCase(), value);
  }
  return declarations;
}

// Google Docs says bold with font-weight:700 and wraps every paste in <b style="font-weight:normal">, which is not bold.
function fontWeightIsBold(value: string | undefined): boolean | undefined {
  if (value === undefined || value === "") return undefined;
  if (value === "bold" || value === "bolder") return true;
  if (value === "normal" || value === "lighter") return false;
  const weight = Number(value);
  return Number.isFinite(weight) ? weight >= 600 : undefined;
}

function fontStyleIsItalic(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  if (value.startsWith("italic") || value.startsWith("oblique")) return true;
  return value === "normal" ? false : undefined;
}

function decorationIsLineThrough(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  if (value.includes("line-through")) return true;
  return value === "none" ? false : undefined;
}

/** Google Docs writes an empty paragraph as a bare <br> between blocks; Chrome appends one more to a copied fragment. */
function isBlankLineBreak(br: TSourceElement): boolean {
  if (/\bApple-interchange-newline\b/.test(br.attribs.class ?? "")) return true;
  const parent = br.parent;
  if (!parent || !isElement(parent) || !(parent.attribs.id ?? "").startsWith("docs-internal-guid-")) return false;
  let previous = br.prev;
  while (previous && ((isText(previous) && !/\S/.test(previous.data)) || (isElement(previous) && previous.name === "br"))) previous = previous.prev;
  return previous !== null && isElement(previous) && SOURCE_BLOCKS.has(previous.name);
}
