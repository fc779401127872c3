import { builtinModules } from "node:module";

const maxLength = 214;
const reservedNames = new Set(["node_modules", "favicon.ico"]);

/**
 * Why `name` cannot be the name of a new npm package, or `undefined` if it can. Scoped names are
 * not considered: the name comes from a directory, which cannot hold a "/".
 */
export function invalidPackageNameReason(name: string): string | undefined {
  if (name.length === 0) return "it is empty";
  if (name.length > maxLength) return `it is longer than ${maxLength} characters`;
  if (name.startsWith(".") || name.startsWith("_")) return 'it starts with "." or "_"';
  if (/\s/.test(name)) return "it contains spaces";
  if (name !== name.toLowerCase()) return "it contains uppercase letters";
  if (!/^[a-z0-9._-]+$/.test(name)) {
    return 'it may hold only lowercase letters, digits, "-", "." and "_"';
  }
  if (reservedNames.has(name)) return "npm reserves it";
  // A package named like a built-in module would be shadowed by it in every `import`.
  if (builtinModules.includes(name)) return "it is the name of a Node.js built-in module";
  return undefined;
}
