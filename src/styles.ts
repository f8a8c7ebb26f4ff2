import { css } from 'lit';

/**
 * The widget's look. Every value reads a `--zappy-*` custom property with a
 * fallback, so a page can theme it from `:root` or any ancestor; the font is
 * inherited from the page unless `--zappy-font` says otherwise. Served as a
 * constructable stylesheet (adoptedStyleSheets), which strict CSP allows.
 */
export const styles = css`
  :host {
    display: block;
    box-sizing: border-box;
    max-width: var(--zappy-max-width, 36rem);
    color: var(--zappy-text, #1f2328);
    font-family: var(--zappy-font, inherit);
    font-size: var(--zappy-font-size, 1rem);
    line-height: 1.5;
    --_accent: var(--zappy-accent, #1d4ed8);
    --_accent-text: var(--zappy-accent-text, #ffffff);
    --_background: var(--zappy-background, #ffffff);
    --_border: var(--zappy-border, #6e7781);
    --_error: var(--zappy-error, #b3261e);
    --_focus: var(--zappy-focus, #ffbf47);
    --_radius: var(--zappy-radius, 0.375rem);
    --_space: var(--zappy-spacing, 1rem);
    --_hint: var(--zappy-hint, #57606a);
  }

  :host([hidden]) {
    display: none;
  }

  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }

  form {
    display: grid;
    gap: var(--_space);
    margin: 0;
  }

  /* \`display: grid\` would otherwise beat the browser's own [hidden] rule. */
  form[hidden] {
    display: none;
  }

  /* Also the spam trap: out of sight (without moving it off-screen, which widens a right-to-left page by 10,000 px) and, by aria-hidden, out of the accessibility tree. */
  .visually-hidden,
  .trap {
    position: absolute !important;
    width: 1px !important;
    height: 1px !important;
    margin: -1px !important;
    padding: 0 !important;
    overflow: hidden !important;
    clip: rect(0 0 0 0) !important;
    clip-path: inset(50%) !important;
    white-space: nowrap !important;
    border: 0 !important;
  }

  .field,
  fieldset {
    display: grid;
    gap: calc(var(--_space) / 4);
    min-width: 0;
    margin: 0;
    padding: 0;
    border: 0;
  }

  .field--error,
  fieldset.field--error {
    padding-inline-start: calc(var(--_space) * 0.75);
    border-inline-start: 4px solid var(--_error);
  }

  label,
  legend {
    font-weight: 600;
  }

  legend {
    padding: 0;
    margin-bottom: calc(var(--_space) / 4);
  }

  .hint,
  .optional {
    color: var(--_hint);
    font-weight: 400;
  }

  .hint {
    margin: 0;
  }

  .error {
    margin: 0;
    color: var(--_error);
    font-weight: 600;
  }

  input,
  select {
    width: 100%;
    min-height: 2.75rem;
    padding: 0.5rem 0.625rem;
    color: inherit;
    /* 16px at least: smaller text makes iOS zoom into the field. */
    font: inherit;
    font-size: max(1rem, 16px);
    background: var(--_background);
    border: 2px solid var(--_border);
    border-radius: var(--_radius);
  }

  input[aria-invalid='true'],
  select[aria-invalid='true'] {
    border-color: var(--_error);
  }

  input:focus-visible,
  select:focus-visible,
  button:focus-visible,
  a:focus-visible,
  .error-summary:focus,
  .status:focus {
    outline: 3px solid var(--_focus);
    outline-offset: 0;
    box-shadow: inset 0 0 0 2px #0b0c0c;
  }

  .date {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_space) / 2);
  }

  .date .field {
    flex: 0 0 auto;
  }

  .date-day {
    width: 4rem;
  }

  .date-month {
    width: auto;
    max-width: 100%;
  }

  .date-year {
    width: 5.5rem;
  }

  .consent {
    display: grid;
    grid-template-columns: auto 1fr;
    gap: calc(var(--_space) / 2);
    align-items: start;
  }

  .consent input {
    width: 1.5rem;
    height: 1.5rem;
    min-height: 0;
    margin: 0.125rem 0 0;
    accent-color: var(--_accent);
  }

  .consent label {
    font-weight: 400;
  }

  a {
    color: var(--_accent);
    text-decoration-thickness: max(1px, 0.0625rem);
    text-underline-offset: 0.15em;
  }

  /* The submit button, and mode="dialog"'s button that opens the form. */
  button[type='submit'],
  .open {
    justify-self: start;
    display: inline-flex;
    align-items: center;
    gap: 0.5rem;
    min-height: 2.75rem;
    padding: 0.625rem 1.25rem;
    color: var(--_accent-text);
    font: inherit;
    font-weight: 600;
    background: var(--_accent);
    border: 2px solid transparent;
    border-radius: var(--_radius);
    cursor: pointer;
  }

  button[aria-busy='true'] {
    cursor: progress;
    opacity: 0.75;
  }

  .spinner {
    width: 1em;
    height: 1em;
    border: 2px solid currentColor;
    border-right-color: transparent;
    border-radius: 50%;
    animation: spin 0.8s linear infinite;
  }

  @keyframes spin {
    to {
      transform: rotate(360deg);
    }
  }

  @media (prefers-reduced-motion: reduce) {
    .spinner {
      animation: none;
      border-right-color: currentColor;
      opacity: 0.6;
    }
  }

  .error-summary {
    padding: var(--_space);
    border: 4px solid var(--_error);
    border-radius: var(--_radius);
  }

  .error-summary h2 {
    margin: 0 0 calc(var(--_space) / 2);
    font-size: 1.25em;
    line-height: 1.3;
  }

  .error-summary ul {
    margin: 0;
    padding-inline-start: 1.25rem;
  }

  .error-summary a {
    color: var(--_error);
    font-weight: 600;
  }

  /* Live regions stay in the accessibility tree when empty (a region that
     appears with its message is often not announced); they just take no room. */
  .status:empty {
    padding: 0;
    border: 0;
  }

  .status {
    margin: 0;
    padding: calc(var(--_space) * 0.75);
    border-inline-start: 4px solid var(--_accent);
    background: var(--zappy-status-background, transparent);
  }

  .status--refused {
    border-inline-start-color: var(--_error);
  }

  .contact-hint {
    margin: 0;
    color: var(--_hint);
  }
`;
