/** Placeholder until the stand-in lands. */
export function standInPlugin() {
  return { name: 'zappy-stand-in' };
}
