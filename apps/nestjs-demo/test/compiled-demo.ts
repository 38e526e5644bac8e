/**
 * The demo's modules as tsc compiled them (see `global-setup.ts`), typed as
 * their sources.
 */
export async function compiledDemo<Module>(name: string): Promise<Module> {
  const path = new URL(`../dist/apps/nestjs-demo/src/${name}.js`, import.meta.url).href;
  return (await import(path)) as Module;
}
