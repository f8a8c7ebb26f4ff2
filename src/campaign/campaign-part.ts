import { chunks } from '../parts/chunks.js';
import { lazyPart } from '../parts/lazy-part.js';
import type { CampaignAttributes } from './campaign.js';

/** The campaign features, loaded on demand (`zappy-lead-form.campaign.js` beside the script). */
export const campaignPart = lazyPart(chunks.campaign, 'no campaign features (attribution, prefill, conversions, dialog, consent record).');

const CAMPAIGN_ATTRIBUTES: readonly (keyof CampaignAttributes)[] = [
  'attribution',
  'sourceMap',
  'custom1Value',
  'custom2Value',
  'prefill',
  'conversions',
  'mode',
  'openLabel',
  'consentRecord',
];

/** Whether a form uses any campaign feature: only then is their part loaded. */
export const usesCampaign = (form: CampaignAttributes): boolean =>
  CAMPAIGN_ATTRIBUTES.some((name) => form[name] !== undefined && form[name] !== null && form[name] !== false);

/** Whether the form shows as a button that opens a dialog. */
export const isDialog = (form: CampaignAttributes): boolean => form.mode?.trim().toLowerCase() === 'dialog';
