// Every value of the site's scripts whose type is `any` or holds it (Map<any, any>, any[]), as tsc infers it over
// tests/browser/tsconfig.json: noImplicitAny does not see these (a bare `new Map()`, a replacer's groups, a
// rejection's reason are typed any by the standard library, without an error). Prints "file:line: name: type", one
// a line; nothing when there is none.
//   node tests/js/any-types.js
"use strict";
const path = require("path");
const ts = require(path.join(__dirname, "..", "browser", "node_modules", "typescript"));

const config = path.join(__dirname, "..", "browser", "tsconfig.json");
const scripts = path.join(__dirname, "..", "..", "overrides", "assets", "javascripts") + path.sep;
const parsed = ts.getParsedCommandLineOfConfigFile(config, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
const program = ts.createProgram(parsed.fileNames, parsed.options);
const checker = program.getTypeChecker();

function holdsAny(type, depth) {
  if (type.flags & ts.TypeFlags.Any) return true;
  if (depth === 0) return false;
  if (type.isUnionOrIntersection()) return type.types.some((t) => holdsAny(t, depth - 1));
  if (type.flags & ts.TypeFlags.Object && type.objectFlags & ts.ObjectFlags.Reference) {
    return checker.getTypeArguments(type).some((t) => holdsAny(t, depth - 1));
  }
  return false;
}

// The name of a property a constructor or a prototype assignment declares (`this.meta = meta`): tsc gives the name
// itself no type of its own there.
function declaredName(node) {
  const access = node.parent;
  return ts.isPropertyAccessExpression(access) && access.name === node &&
    (node.text === "prototype" || (ts.isBinaryExpression(access.parent) && access.parent.left === access));
}

for (const file of program.getSourceFiles()) {
  if (!path.resolve(file.fileName).startsWith(scripts)) continue;
  const visit = (node) => {
    if (ts.isIdentifier(node) && !declaredName(node)) {
      const type = checker.getTypeAtLocation(node);
      if (holdsAny(type, 3)) {
        const line = file.getLineAndCharacterOfPosition(node.getStart()).line + 1;
        console.log(`${path.basename(file.fileName)}:${line}: ${node.text}: ${checker.typeToString(type)}`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
}
