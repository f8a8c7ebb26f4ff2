/**
 * Tells the embedder, on the console, about something to fix or something
 * that failed, under the element's name so it is found among a page's logs.
 * The one prefix of every console message of the widget.
 */
export function warn(message: string, ...details: unknown[]): void {
  console.warn(`<zappy-lead-form>: ${message}`, ...details);
}
