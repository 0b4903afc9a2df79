"use client";
// The banner message editor: one paragraph of text with bold, italic and links (what a banner may carry), a small
// toolbar that is one tab stop (arrow keys move inside it), and a hidden input so it works in a plain <form>.
// The server sanitises whatever arrives (lib/banners/sanitize-banner-html.ts).
import { EditorContent, Node, useEditor, useEditorState, type Editor } from "@tiptap/react";
import { StarterKit } from "@tiptap/starter-kit";
import { useState, useRef, type KeyboardEvent } from "react";
import { isAllowedLinkUrl, normalizeLinkUrl } from "@/lib/content-client/link-url";

/** A document of exactly one paragraph: Enter cannot start a second one. */
const SingleParagraphDocument = Node.create({ name: "doc", topNode: true, content: "paragraph" });

const extensions = [
  SingleParagraphDocument,
  StarterKit.configure({
    document: false,
    blockquote: false,
    bulletList: false,
    code: false,
    codeBlock: false,
    hardBreak: false,
    heading: false,
    horizontalRule: false,
    listItem: false,
    listKeymap: false,
    orderedList: false,
    strike: false,
    underline: false,
    link: {
      openOnClick: false,
      autolink: true,
      defaultProtocol: "https",
      isAllowedUri: (url) => isAllowedLinkUrl(url),
      shouldAutoLink: (url) => normalizeLinkUrl(url) !== null,
      HTMLAttributes: { rel: "noopener noreferrer", target: null },
    },
  }),
];

const htmlOf = (editor: Editor) => (editor.isEmpty ? "" : editor.getHTML());

export function MessageEditor(props: { id: string; name: string; initialHtml: string; invalid: boolean; describedBy?: string }) {
  const [html, setHtml] = useState(props.initialHtml);
  const [linkError, setLinkError] = useState<string | null>(null);
  const editor = useEditor({
    immediatelyRender: false,
    content: props.initialHtml,
    extensions,
    editorProps: {
      attributes: {
        class: "rte-content banner-message-input",
        role: "textbox",
        "aria-multiline": "false",
        "aria-labelledby": `${props.id}-label`,
        id: props.id,
        "data-testid": "banner-message",
        ...(props.invalid ? { "aria-invalid": "true" } : {}),
        ...(props.describedBy ? { "aria-describedby": props.describedBy } : {}),
      },
    },
    onUpdate: ({ editor: updated }) => setHtml(htmlOf(updated)),
  });
  const state = useEditorState({ editor, selector: ({ editor: current }) => (current ? { bold: current.isActive("bold"), italic: current.isActive("italic"), link: current.isActive("link") } : null) });

  function editLink() {
    if (!editor) return;
    const current = editor.getAttributes("link").href as string | undefined;
    const typed = window.prompt("Link address (leave empty to remove the link):", current ?? "https://");
    if (typed === null) return;
    if (typed.trim() === "" || typed.trim() === "https://") {
      editor.chain().focus().extendMarkRange("link").unsetLink().run();
      setLinkError(null);
      return;
    }
    const href = normalizeLinkUrl(typed);
    if (!href) {
      setLinkError("Links must be web addresses (http:// or https://) or email addresses.");
      return;
    }
    setLinkError(null);
    if (editor.state.selection.empty && !editor.isActive("link")) editor.chain().focus().insertContent({ type: "text", text: typed.trim(), marks: [{ type: "link", attrs: { href } }] }).run();
    else editor.chain().focus().extendMarkRange("link").setLink({ href }).run();
  }

  const tools = [
    { id: "bold", label: "Bold", text: "B", pressed: state?.bold ?? false, run: () => editor?.chain().focus().toggleBold().run() },
    { id: "italic", label: "Italic", text: "I", pressed: state?.italic ?? false, run: () => editor?.chain().focus().toggleItalic().run() },
    { id: "link", label: "Link", text: "Link", pressed: state?.link ?? false, run: editLink },
  ];
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
    <div className={`rte${props.invalid ? " rte-invalid" : ""}`}>
      <div ref={toolbar} className="rte-toolbar" role="toolbar" aria-label="Message formatting" aria-controls={props.id} onKeyDown={onToolbarKeyDown}>
        {tools.map((tool, index) => (
          <button
            key={tool.id}
            type="button"
            className={`rte-button rte-tool-${tool.id}`}
            aria-label={tool.label}
            title={tool.label}
            aria-pressed={tool.pressed}
            aria-disabled={!editor}
            tabIndex={index === activeTool ? 0 : -1}
            onFocus={() => setActiveTool(index)}
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => {
              if (editor) tool.run();
            }}
          >
            {tool.text}
          </button>
        ))}
      </div>
      <div className="rte-surface">
        <EditorContent editor={editor} />
      </div>
      <input type="hidden" name={props.name} value={html} />
      {linkError && (
        <p className="rte-message field-error" role="alert">
          {linkError}
        </p>
      )}
    </div>
  );
}
