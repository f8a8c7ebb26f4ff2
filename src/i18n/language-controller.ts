import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { DEFAULT_LANGUAGE, loadCatalogue, loadedCatalogue, matchLanguage } from './language.js';
import type { Language, Messages } from './messages.js';

/** Every connected controller, told by the one observer when a `lang` changes. */
const controllers = new Set<LanguageController>();
let observer: MutationObserver | undefined;

/**
 * The language a form speaks and the texts it shows, for a Lit host: its own
 * `lang` when it has a supported one, else the closest `lang` of the page
 * (followed as it changes, as a single-page site's language toggle does), else
 * Portuguese. Texts not in hand are loaded; meanwhile the last ones shown stay
 * (none before the first have arrived: no flash of Portuguese), and the host's
 * `updateComplete` can wait for them through {@link loading}.
 *
 * One `MutationObserver` on the document serves every form on the page (as
 * `@shoelace-style/localize` does), however many there are.
 */
export class LanguageController implements ReactiveController {
  readonly #host: ReactiveControllerHost & HTMLElement;
  #pageLanguage: string | null = null;
  #own: string | undefined;
  /** The language last asked for, whose texts show or are on their way. */
  #asked: Language | undefined;
  #shown: Language | undefined;
  #loading: Promise<unknown> | undefined;

  constructor(host: ReactiveControllerHost & HTMLElement) {
    this.#host = host;
    host.addController(this);
  }

  /**
   * The language asked for: the host's own `lang` (Portuguese when it is not
   * one the form speaks), else the page's, else Portuguese.
   */
  get language(): Language {
    return (this.#own ? matchLanguage(this.#own) : matchLanguage(this.#pageLanguage)) ?? DEFAULT_LANGUAGE;
  }

  /** The language whose texts show (the one asked for, or the last one while it loads). */
  get shown(): Language | undefined {
    return this.#shown;
  }

  /** The texts to show, `undefined` until the first language's have arrived. */
  get texts(): Messages | undefined {
    return this.#shown && loadedCatalogue(this.#shown);
  }

  /** Texts on their way, which the host's `updateComplete` waits for; `undefined` when none are. */
  get loading(): Promise<unknown> | undefined {
    return this.#loading;
  }

  /** The host's own `lang` attribute, set from its `willUpdate`. */
  setOwn(lang: string | undefined): void {
    this.#own = lang || undefined;
  }

  /** Before each render: the texts of the language now asked for, loaded when not in hand. */
  hostUpdate(): void {
    const language = this.language;
    if (language === this.#asked) return;
    this.#asked = language;
    if (loadedCatalogue(language)) {
      this.#shown = language;
      return;
    }
    const load = loadCatalogue(language).then(() => {
      if (this.#loading === load) this.#loading = undefined;
      // Still the language asked for (the page may have switched meanwhile).
      if (this.#asked === language) this.#shown = language;
      this.#host.requestUpdate();
    });
    this.#loading = load;
  }

  hostConnected(): void {
    controllers.add(this);
    this.#readPage();
    observer ??= new MutationObserver(() => controllers.forEach((controller) => controller.#readPage()));
    // The whole document: the closest `lang` may be on any ancestor, and lang changes are rare.
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'], subtree: true });
  }

  hostDisconnected(): void {
    controllers.delete(this);
    if (controllers.size === 0) {
      observer?.disconnect();
      observer = undefined;
    }
  }

  #readPage(): void {
    const host = this.#host;
    const parent = host.parentElement ?? (host.getRootNode() as ShadowRoot).host ?? null;
    const lang = parent?.closest('[lang]')?.getAttribute('lang') ?? document.documentElement.lang ?? null;
    if (lang === this.#pageLanguage) return;
    this.#pageLanguage = lang;
    host.requestUpdate();
  }
}
