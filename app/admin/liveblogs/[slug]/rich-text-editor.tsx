"use client";
// The newsroom's rich-text editor (Tiptap). Emits HTML through onChange ("" when empty); the server sanitises it.
// Clearing after a post is imperative: pass `ref` and call `ref.current.clear()` (React 19 passes ref as a prop).
import { Node, EditorContent, useEditor, useEditorState, type Editor } from "@tiptap/react";
import { StarterKit } from "@tiptap/starter-kit";
import { Image as ImageExtension, type ImageOptions } from "@tiptap/extension-image";
import { EditorState } from "@tiptap/pm/state";
import { useEffect, useId, useImperativeHandle, useRef, useState, type KeyboardEvent, type Ref } from "react";
import { parseEmbedUrl } from "@/lib/content/embeds";
import { cleanPastedHtml } from "@/lib/content-client/clean-pasted-html";
import { isAllowedLinkUrl, normalizeLinkUrl } from "@/lib/content-client/link-url";
import { MAX_MEDIA_BYTES, MEDIA_CONTENT_TYPES, ZMediaUploadErrorSchema, ZMediaUploadResultSchema } from "@/lib/media/schemas";

export type TRichTextEditorHandle = {
  /** Empties the editor (and reports "" through onChange), e.g. after a successful post. */
  clear(): void;
  focus(): void;
  /** The current HTML, "" when empty. */
  getHtml(): string;
};

export type TRichTextEditorProps = {
  initialHtml?: string;
  onChange: (html: string) => void;
  /** Ctrl+Enter / Cmd+Enter. */
  onSubmit: () => void;
  disabled?: boolean;
  /** Accessible name of the editable area. */
  label: string;
  /** Put on the editable area, so `<label htmlFor={id}>` focuses it. */
  id?: string;
  autoFocus?: boolean;
  placeholder?: string;
  /** When set, a hidden input of this name carries the HTML, so the editor works inside a plain <form>. */
  name?: string;
  invalid?: boolean;
  describedBy?: string;
  /** PUBLIC_BASE_URL (`readEnv().publicBaseUrl`). When set, images not uploaded to it are left out on paste, as the
   * server would drop them anyway; read once, at mount. */
  mediaBaseUrl?: string;
  ref?: Ref<TRichTextEditorHandle>;
};

const PROVIDER_NAMES: Record<string, string> = { youtube: "YouTube", x: "X", instagram: "Instagram", bluesky: "Bluesky" };
const EMBED_HELP = "Only YouTube, X, Instagram and Bluesky links can be embedded.";
const megabytes = (bytes: number) => `${bytes / (1024 * 1024)} MB`;

/** `<div data-embed="<provider>" data-url="<url>"></div>`: a block the public renderer turns into the provider's embed. */
const EmbedNode = Node.create({
  name: "embed",
  group: "block",
  atom: true,
  selectable: true,
  draggable: true,
  addAttributes() {
    // Parsed through parseEmbedUrl, so only allowlisted providers survive and the URL is the canonical one.
    return {
      provider: { default: null, parseHTML: (element) => parseEmbedUrl(element.getAttribute("data-url") ?? "")?.provider ?? null, renderHTML: (attributes) => ({ "data-embed": attributes.provider }) },
      url: { default: null, parseHTML: (element) => parseEmbedUrl(element.getAttribute("data-url") ?? "")?.canonicalUrl ?? null, renderHTML: (attributes) => ({ "data-url": attributes.url }) },
    };
  },
  parseHTML() {
    return [{ tag: "div[data-embed][data-url]", getAttrs: (element) => (parseEmbedUrl(element.getAttribute("data-url") ?? "") ? null : false) }];
  },
  renderHTML({ HTMLAttributes }) {
    return ["div", HTMLAttributes];
  },
  addNodeView() {
    return ({ node }) => {
      const card = document.createElement("div");
      card.className = "rte-embed";
      card.contentEditable = "false";
      const provider = document.createElement("strong");
      provider.textContent = `${PROVIDER_NAMES[String(node.attrs.provider)] ?? String(node.attrs.provider)} embed`;
      const url = document.createElement("span");
      url.className = "rte-embed-url";
      url.textContent = String(node.attrs.url);
      card.append(provider, url);
      return { dom: card };
    };
  },
});

const MEDIA_FILE_NAME = /^[0-9a-f]{64}\.(?:png|jpg|gif|webp)$/;

/** With a media prefix, only uploaded media (what the server keeps); without one, any absolute http(s) image. */
function isKeptImageSrc(src: string, mediaPrefix: string | null): boolean {
  if (mediaPrefix) return src.startsWith(mediaPrefix) && MEDIA_FILE_NAME.test(src.slice(mediaPrefix.length));
  return /^https?:\/\//i.test(src);
}

/** Never data: URLs (allowBase64 is off as well), relative paths or, given mediaBaseUrl, images hosted elsewhere. */
const WebImage = ImageExtension.extend<ImageOptions & { mediaPrefix: string | null }>({
  addOptions() {
    return { ...(this.parent?.() as ImageOptions), mediaPrefix: null };
  },
  parseHTML() {
    const { mediaPrefix } = this.options;
    return [{ tag: "img[src]", getAttrs: (element) => (isKeptImageSrc(element.getAttribute("src") ?? "", mediaPrefix) ? null : false) }];
  },
});

function buildExtensions(mediaPrefix: string | null) {
  return [
    StarterKit.configure({
      heading: { levels: [2, 3, 4] },
      // Markup the server's allowlist drops (lib/content/entry-allowlist.ts) stays out, and with it these shortcuts.
      code: false,
      codeBlock: false,
      underline: false,
      horizontalRule: false,
      link: {
        openOnClick: false,
        autolink: true,
        defaultProtocol: "https",
        // `protocols` only registers extra schemes with the autolinker; the allowlist (http, https, mailto) is here.
        isAllowedUri: (url) => isAllowedLinkUrl(url),
        shouldAutoLink: (url) => normalizeLinkUrl(url) !== null,
        HTMLAttributes: { rel: "noopener noreferrer nofollow", target: null },
      },
    }),
    WebImage.configure({ inline: false, allowBase64: false, mediaPrefix }),
    EmbedNode,
  ];
}

const htmlOf = (editor: Editor) => (editor.isEmpty ? "" : editor.getHTML());

type TUploadOutcome = { ok: true; url: string } | { ok: false; error: string };

async function uploadImage(file: File): Promise<TUploadOutcome> {
  if (file.size > MAX_MEDIA_BYTES) return { ok: false, error: `The image is too large; the limit is ${megabytes(MAX_MEDIA_BYTES)}.` };
  if (file.type && !(MEDIA_CONTENT_TYPES as readonly string[]).includes(file.type)) return { ok: false, error: "Only PNG, JPEG, GIF and WebP images can be uploaded." };
  const form = new FormData();
  form.append("file", file);
  const response = await fetch("/api/media", { method: "POST", body: form }).catch(() => null);
  if (!response) return { ok: false, error: "The upload failed: check your connection and try again." };
  const payload: unknown = await response.json().catch(() => null);
  if (response.ok) {
    const result = ZMediaUploadResultSchema.safeParse(payload);
    return result.success ? { ok: true, url: result.data.url } : { ok: false, error: "The server's reply to the upload was not understood." };
  }
  const failure = ZMediaUploadErrorSchema.safeParse(payload);
  return { ok: false, error: failure.success ? (failure.data.fieldErrors.file ?? failure.data.error) : `The upload failed (HTTP ${response.status}).` };
}

type TMessage = { tone: "info" | "error"; text: string } | null;

export function RichTextEditor(props: TRichTextEditorProps) {
  const { initialHtml, disabled = false, label, autoFocus = false, placeholder, name, invalid = false, describedBy, mediaBaseUrl, ref } = props;
  const generatedId = useId();
  const id = props.id ?? `rte-${generatedId.replace(/:/g, "")}`;
  const [html, setHtml] = useState(initialHtml ?? "");
  const [message, setMessage] = useState<TMessage>(null);
  const [uploading, setUploading] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const [mediaPrefix] = useState(() => (mediaBaseUrl ? `${mediaBaseUrl.replace(/\/+$/, "")}/media/` : null));
  const [extensions] = useState(() => buildExtensions(mediaPrefix));

  // useEditor re-applies changed options on every render, so these props and handlers stay current.
  const editor = useEditor({
    immediatelyRender: false,
    editable: !disabled,
    autofocus: autoFocus ? "end" : false,
    content: initialHtml ?? "",
    extensions,
    editorProps: {
      attributes: {
        class: "rte-content",
        role: "textbox",
        "aria-multiline": "true",
        "aria-label": label,
        id,
        ...(placeholder ? { "aria-placeholder": placeholder } : {}),
        ...(invalid ? { "aria-invalid": "true" } : {}),
        ...(describedBy ? { "aria-describedby": describedBy } : {}),
        ...(disabled ? { "aria-disabled": "true" } : {}),
      },
      transformPastedHTML: (pasted) => {
        const cleaned = cleanPastedHtml(pasted);
        const sources = [...cleaned.matchAll(/<img\b[^>]*?\ssrc\s*=\s*["']?([^"'\s>]+)/gi)].map((match) => match[1] ?? "");
        if (sources.some((src) => !isKeptImageSrc(src, mediaPrefix))) setMessage({ tone: "info", text: "Images pasted from elsewhere were left out; add them with the Image button." });
        return cleaned;
      },
      // Mod-Enter posts. View props run before every keymap (HardBreak and the core keymap bind Mod-Enter too), and
      // unlike a keymap extension they are refreshed on each render, so the latest onSubmit is called.
      handleKeyDown: (_view, event) => {
        if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey) || event.shiftKey || event.altKey) return false;
        event.preventDefault();
        props.onSubmit();
        return true;
      },
      // Pasted image files are uploaded, unless the clipboard also has text: Word puts a picture of the copied text there.
      handlePaste: (_view, event) => !event.clipboardData?.getData("text/plain").trim() && insertImageFiles(event.clipboardData?.files),
      handleDrop: (view, event) => insertImageFiles(event.dataTransfer?.files, view.posAtCoords({ left: event.clientX, top: event.clientY })?.pos),
    },
    onCreate: ({ editor: created }) => setHtml(htmlOf(created)),
    onUpdate: ({ editor: updated }) => {
      const next = htmlOf(updated);
      setHtml(next);
      props.onChange(next);
    },
  });

  // useEditor leaves `editable` alone after creation.
  useEffect(() => {
    editor?.setEditable(!disabled, false);
  }, [editor, disabled]);

  // A <label for> does not focus a contenteditable by itself.
  useEffect(() => {
    if (!editor) return;
    const labels = [...document.querySelectorAll<HTMLLabelElement>(`label[for="${CSS.escape(id)}"]`)];
    const focus = (event: MouseEvent) => {
      event.preventDefault();
      editor.commands.focus();
    };
    labels.forEach((element) => element.addEventListener("click", focus));
    return () => labels.forEach((element) => element.removeEventListener("click", focus));
  }, [editor, id]);

  useImperativeHandle(
    ref,
    () => ({
      clear: () => {
        if (!editor) return;
        editor.commands.clearContent(true);
        // A fresh state drops the undo history, so Undo cannot bring back text that was already posted.
        editor.view.updateState(EditorState.create({ doc: editor.state.doc, plugins: editor.state.plugins }));
        editor.view.dispatch(editor.state.tr.setMeta("addToHistory", false)); // lets the toolbar see the new state
        setMessage(null);
      },
      focus: () => editor?.commands.focus(),
      getHtml: () => (editor ? htmlOf(editor) : ""),
    }),
    [editor],
  );

  const state = useEditorState({
    editor,
    selector: ({ editor: current }) =>
      current
        ? {
            bold: current.isActive("bold"),
            italic: current.isActive("italic"),
            link: current.isActive("link"),
            bulletList: current.isActive("bulletList"),
            orderedList: current.isActive("orderedList"),
            blockquote: current.isActive("blockquote"),
            h2: current.isActive("heading", { level: 2 }),
            h3: current.isActive("heading", { level: 3 }),
            canUndo: current.can().undo(),
            canRedo: current.can().redo(),
            empty: current.isEmpty,
          }
        : null,
  });

  // Uploads each image and inserts it where the cursor was (or where it was dropped); true when it took the event.
  function insertImageFiles(files: FileList | null | undefined, position?: number): boolean {
    const images = [...(files ?? [])].filter((file) => file.type.startsWith("image/"));
    if (images.length === 0 || !editor) return false;
    void (async () => {
      for (const [index, file] of images.entries()) await uploadAndInsert(file, index === 0 ? position : undefined);
    })();
    return true;
  }

  async function uploadAndInsert(file: File, position?: number) {
    if (!editor) return;
    setUploading(true);
    setMessage({ tone: "info", text: `Uploading ${file.name || "image"}…` });
    const outcome = await uploadImage(file);
    setUploading(false);
    if (!outcome.ok) {
      setMessage({ tone: "error", text: outcome.error });
      return;
    }
    setMessage(null);
    const alt = window.prompt("Describe the image for readers who cannot see it (alt text). Leave empty if it is purely decorative.", "") ?? "";
    if (editor.isDestroyed) return;
    const chain = editor.chain().focus();
    // A drop position may have moved while the upload ran; clamp it to the document.
    (position === undefined ? chain : chain.setTextSelection(Math.min(position, editor.state.doc.content.size))).setImage({ src: outcome.url, alt: alt.trim() }).run();
  }

  function editLink() {
    if (!editor) return;
    const current = editor.getAttributes("link").href as string | undefined;
    const typed = window.prompt("Link address (leave empty to remove the link):", current ?? "https://");
    if (typed === null) return;
    if (typed.trim() === "" || typed.trim() === "https://") {
      editor.chain().focus().extendMarkRange("link").unsetLink().run();
      setMessage(null);
      return;
    }
    const href = normalizeLinkUrl(typed);
    if (!href) {
      setMessage({ tone: "error", text: "Links must be web addresses (http:// or https://) or email addresses (mailto:)." });
      return;
    }
    setMessage(null);
    if (editor.state.selection.empty && !editor.isActive("link")) {
      editor.chain().focus().insertContent({ type: "text", text: typed.trim(), marks: [{ type: "link", attrs: { href } }] }).run();
    } else {
      editor.chain().focus().extendMarkRange("link").setLink({ href }).run();
    }
  }

  function insertEmbed() {
    if (!editor) return;
    const typed = window.prompt("Paste the link to a YouTube video or an X, Instagram or Bluesky post:", "");
    if (typed === null || typed.trim() === "") return;
    const embed = parseEmbedUrl(typed.trim());
    if (!embed) {
      setMessage({ tone: "error", text: `That link cannot be embedded. ${EMBED_HELP}` });
      return;
    }
    setMessage(null);
    editor.chain().focus().insertContent({ type: "embed", attrs: { provider: embed.provider, url: embed.canonicalUrl } }).run();
  }

  const ready = Boolean(editor && state) && !disabled;
  type TToolId = "bold" | "italic" | "link" | "bulletList" | "orderedList" | "blockquote" | "h2" | "h3" | "image" | "embed" | "undo" | "redo";
  // `pressed` only on toggles: actions (image, embed, undo, redo) carry no aria-pressed.
  type TTool = { id: TToolId; label: string; text: string; pressed?: boolean; available?: boolean };
  const tools: TTool[] = [
    { id: "bold", label: "Bold", text: "B", pressed: state?.bold ?? false },
    { id: "italic", label: "Italic", text: "I", pressed: state?.italic ?? false },
    { id: "link", label: "Link", text: "Link", pressed: state?.link ?? false },
    { id: "bulletList", label: "Bulleted list", text: "• List", pressed: state?.bulletList ?? false },
    { id: "orderedList", label: "Numbered list", text: "1. List", pressed: state?.orderedList ?? false },
    { id: "blockquote", label: "Quote", text: "❝", pressed: state?.blockquote ?? false },
    { id: "h2", label: "Heading 2", text: "H2", pressed: state?.h2 ?? false },
    { id: "h3", label: "Heading 3", text: "H3", pressed: state?.h3 ?? false },
    { id: "image", label: "Insert image", text: "Image", available: !uploading },
    { id: "embed", label: "Insert embed", text: "Embed" },
    { id: "undo", label: "Undo", text: "↶", available: state?.canUndo },
    { id: "redo", label: "Redo", text: "↷", available: state?.canRedo },
  ];

  function runTool(tool: TToolId) {
    if (!editor) return;
    const chain = editor.chain().focus();
    switch (tool) {
      case "bold":
        return chain.toggleBold().run();
      case "italic":
        return chain.toggleItalic().run();
      case "link":
        return editLink();
      case "bulletList":
        return chain.toggleBulletList().run();
      case "orderedList":
        return chain.toggleOrderedList().run();
      case "blockquote":
        return chain.toggleBlockquote().run();
      case "h2":
        return chain.toggleHeading({ level: 2 }).run();
      case "h3":
        return chain.toggleHeading({ level: 3 }).run();
      case "image":
        return fileInput.current?.click();
      case "embed":
        return insertEmbed();
      case "undo":
        return chain.undo().run();
      case "redo":
        return chain.redo().run();
    }
  }

  // A toolbar is one tab stop; the arrow keys, Home and End move between its buttons.
  const [activeTool, setActiveTool] = useState(0);
  const toolbar = useRef<HTMLDivElement>(null);
  const onToolbarKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const moves: Record<string, number> = { ArrowRight: activeTool + 1, ArrowLeft: activeTool - 1, Home: 0, End: tools.length - 1 };
    const target = moves[event.key];
    if (target === undefined) return;
    event.preventDefault();
    const next = (target + tools.length) % tools.length;
    setActiveTool(next);
    toolbar.current?.querySelectorAll<HTMLButtonElement>("button")[next]?.focus();
  };

  return (
    <div className={`rte${disabled ? " rte-disabled" : ""}${invalid ? " rte-invalid" : ""}`}>
      <div ref={toolbar} className="rte-toolbar" role="toolbar" aria-label={`Formatting for ${label}`} aria-controls={id} onKeyDown={onToolbarKeyDown}>
        {tools.map((tool, index) => {
          const usable = ready && tool.available !== false;
          return (
            <button
              key={tool.id}
              type="button"
              className={`rte-button rte-tool-${tool.id}`}
              aria-label={tool.label}
              title={tool.label}
              aria-pressed={tool.pressed}
              // Unavailable tools stay focusable inside the toolbar (aria-disabled), as the ARIA toolbar pattern asks.
              aria-disabled={!usable}
              tabIndex={index === activeTool ? 0 : -1}
              onFocus={() => setActiveTool(index)}
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => {
                if (usable) runTool(tool.id);
              }}
            >
              {tool.text}
            </button>
          );
        })}
      </div>
      <div className="rte-surface">
        <EditorContent editor={editor} />
        {placeholder && (state?.empty ?? !html) && (
          <span className="rte-placeholder" aria-hidden="true">
            {placeholder}
          </span>
        )}
      </div>
      <input
        ref={fileInput}
        type="file"
        accept={MEDIA_CONTENT_TYPES.join(",")}
        hidden
        tabIndex={-1}
        onChange={(event) => {
          const file = event.currentTarget.files?.[0];
          event.currentTarget.value = "";
          if (file) void uploadAndInsert(file);
        }}
      />
      {name && <input type="hidden" name={name} value={html} />}
      {/* The status region is always present, so screen readers announce "Uploading…" when it appears. */}
      <p className="rte-message muted" role="status">
        {message?.tone === "info" ? message.text : ""}
      </p>
      {message?.tone === "error" && (
        <p className="rte-message field-error" role="alert">
          {message.text}
        </p>
      )}
    </div>
  );
}
