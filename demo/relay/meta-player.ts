import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MetaOptions } from '../../src/relay/meta.js';
import type { RelayHandler } from '../../src/relay/relay.js';
import { type GraphStandIn, signedNotification, startGraphStandIn } from '../stand-in/graph.js';

/** Where the demo page asks the dev server to play Meta. */
export const META_PLAYER_PATH = '/__demo/meta';

// The demo's Meta app: made-up secrets, known to the relay and to the player only.
const APP_SECRET = 'demo-app-secret';
const PAGE_TOKEN = 'demo-page-token';
/** The verify token typed into the (imaginary) app's webhook settings. */
export const DEMO_VERIFY_TOKEN = 'demo-verify-token';

/** What the page sends: a made-up lead's answers, or the id of one to send again as Meta's retry. */
interface PlayRequest {
  platform?: 'fb' | 'ig';
  answers?: Record<string, string>;
  resend?: string;
}

/**
 * Plays Meta in `npm start`: a Graph API stand-in holding the leads the page
 * makes up, and `POST /__demo/meta`, which stores one there and sends the
 * relay's `/api/meta` the signed notification Meta would send (or sends one
 * again, as Meta's retry). The page never sees the app secret. `options()`
 * configures the relay's Meta route against the stand-in.
 */
export function metaPlayer(): {
  options(): Promise<MetaOptions>;
  handle(req: IncomingMessage, res: ServerResponse, relay: RelayHandler, origin: string): Promise<void>;
} {
  let graph: Promise<GraphStandIn> | undefined;
  const startGraph = () => (graph ??= startGraphStandIn({ pageToken: PAGE_TOKEN, appSecret: APP_SECRET, host: 'localhost' }));
  const formIds = new Map<string, string>();

  return {
    async options() {
      return {
        appSecret: APP_SECRET,
        verifyToken: DEMO_VERIFY_TOKEN,
        pageToken: PAGE_TOKEN,
        graphUrl: (await startGraph()).url,
        fieldMap: { full_name: 'client_name', email: 'client_email', phone_number: 'client_mobile', date_of_birth: 'birthday', city: 'client_city', servico_pretendido: 'custom_1' },
        sources: { facebook: 'Facebook', instagram: 'Instagram' },
      };
    },
    async handle(req, res, relay, origin) {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const play = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as PlayRequest;
      let leadgenId = play.resend;
      if (!leadgenId) {
        const platform = play.platform === 'fb' ? 'fb' : 'ig';
        const formId = platform === 'ig' ? '770000000000002' : '770000000000001';
        const field_data = Object.entries(play.answers ?? {})
          .filter(([, value]) => value.trim() !== '')
          .map(([name, value]) => ({ name, values: [value] }));
        leadgenId = (await startGraph()).add({ platform, form_id: formId, campaign_name: 'Demo Lead Ads', field_data });
        formIds.set(leadgenId, formId);
      }
      const { body, signature } = signedNotification(APP_SECRET, [{ leadgenId, formId: formIds.get(leadgenId) ?? '770000000000001' }]);
      const answer = await relay(
        new Request(`${origin}/api/meta`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Hub-Signature-256': signature }, body }),
      );
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ leadgenId, status: answer.status, body: await answer.text() }));
    },
  };
}
