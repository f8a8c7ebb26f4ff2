import type { CSSResult, TemplateResult, css as litCss, html as litHtml } from 'lit';

/**
 * The element's own `html` and `css` tags, lent to this part: a part loaded
 * on demand is a module of its own, and bundling Lit into it again would
 * weigh 7 kB gzip and render with a second copy.
 */
export interface LitTags {
  html: typeof litHtml;
  css: typeof litCss;
}

/**
 * `mode="dialog"`'s look: the dialog centred on a dimmed page, and filling the
 * screen on a phone (its opening button looks like the submit button, in
 * `../styles.ts`). A constructable stylesheet added to the element's shadow
 * root (strict CSP allows it; a `<style>` element it would not).
 */
export const dialogStyles = ({ css }: LitTags): CSSResult => css`
  dialog {
    width: calc(100% - 2rem);
    max-width: var(--zappy-max-width, 36rem);
    max-height: calc(100% - 2rem);
    padding: var(--_space);
    color: inherit;
    background: var(--_background);
    border: 0;
    border-radius: var(--_radius);
    overscroll-behavior: contain;
  }

  dialog::backdrop {
    background: rgb(0 0 0 / 0.5);
  }

  .dialog-head {
    display: flex;
    align-items: flex-start;
    justify-content: space-between;
    gap: var(--_space);
  }

  .dialog-head h2 {
    margin: 0 0 var(--_space);
    font-size: 1.25em;
  }

  .close {
    flex: none;
    min-width: 2.75rem;
    min-height: 2.75rem;
    color: inherit;
    font: inherit;
    font-size: 1.5em;
    line-height: 1;
    background: none;
    border: 0;
    border-radius: var(--_radius);
    cursor: pointer;
  }

  @media (max-width: 40rem) {
    dialog {
      width: 100%;
      max-width: none;
      height: 100%;
      max-height: none;
      margin: 0;
      border-radius: 0;
    }
  }
`;

/** What the dialog's template needs: its texts and what its buttons do. */
export interface DialogParts {
  /** The opening button's text, also the dialog's heading (its accessible name). */
  label: string;
  /** The close button's accessible name. */
  closeLabel: string;
  onOpen(): void;
  onClose(): void;
  /** The dialog was closed, by its button, Escape or `close()`. */
  onClosed(): void;
}

/**
 * Tab from the dialog's last control goes to its first, Shift+Tab from the
 * first to the last: a modal dialog makes the page inert, but browsers still
 * let Tab leave for their own toolbar, where a keyboard user is lost.
 */
function keepTabInside(event: KeyboardEvent): void {
  if (event.key !== 'Tab') return;
  const dialog = event.currentTarget as HTMLDialogElement;
  const stops = [...dialog.querySelectorAll<HTMLElement>('a[href], button, input, select, textarea')].filter(
    (control) => control.tabIndex >= 0 && !(control as HTMLButtonElement).disabled && control.getClientRects().length > 0,
  );
  const root = dialog.getRootNode() as ShadowRoot;
  const edge = event.shiftKey ? stops[0] : stops.at(-1);
  if (stops.length > 0 && root.activeElement === edge) {
    event.preventDefault();
    (event.shiftKey ? stops.at(-1) : stops[0])!.focus();
  }
}

/**
 * The button that opens the form, and the form (`content`) in a native
 * `<dialog>` labelled by its heading, with a close button. `showModal()` makes
 * the page behind inert and keeps Tab inside; Escape closes it natively.
 */
export function dialogTemplate({ html }: LitTags, content: unknown, parts: DialogParts): TemplateResult {
  return html`
    <button type="button" class="open" part="open-button" aria-haspopup="dialog" @click=${parts.onOpen}>${parts.label}</button>
    <dialog part="dialog" aria-labelledby="dialog-title" @close=${parts.onClosed} @keydown=${keepTabInside}>
      <div class="dialog-head">
        <h2 id="dialog-title" part="dialog-title">${parts.label}</h2>
        <button type="button" class="close" part="close-button" aria-label=${parts.closeLabel} @click=${parts.onClose}>
          <span aria-hidden="true">×</span>
        </button>
      </div>
      ${content}
    </dialog>
  `;
}
