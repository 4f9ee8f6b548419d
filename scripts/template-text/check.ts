// Template literals that would print an object as `[object Object]`: `${hop.dst.addr}` once the address became a
// value (model/net's Addr), `${hit.table}` once the table became a reference. The compiler accepts any type inside
// `${}`; this check asks the type checker for the type of every substitution and reports those that may be a plain
// object. Arrays are allowed (they print their elements joined by commas, which the code uses on purpose), and so
// are tagged templates (the tag decides how to print).
import ts from 'typescript';

export interface TemplateFinding {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly text: string;
  readonly type: string;
}

/** True when a value of this type, converted by a template literal, may print `[object Object]`. */
function mayPrintObject(checker: ts.TypeChecker, type: ts.Type): boolean {
  if (type.isUnion()) return type.types.some((t) => mayPrintObject(checker, t));
  if (type.flags & ts.TypeFlags.NonPrimitive) return true;
  if (!(type.flags & ts.TypeFlags.Object)) return false;
  if (checker.isArrayType(type) || checker.isTupleType(type)) return false;
  // An object whose own type declares toString (a class with one, Error, Date, URL) prints what that returns.
  const printer = type.getProperty('toString');
  const declaredBy = printer?.declarations?.[0]?.parent;
  const fromObject =
    declaredBy !== undefined && ts.isInterfaceDeclaration(declaredBy) && declaredBy.name.text === 'Object';
  return printer === undefined || fromObject;
}

export function templateFindings(program: ts.Program, include: (file: string) => boolean): TemplateFinding[] {
  const checker = program.getTypeChecker();
  const findings: TemplateFinding[] = [];
  for (const source of program.getSourceFiles()) {
    if (source.isDeclarationFile || !include(source.fileName)) continue;
    const visit = (node: ts.Node): void => {
      if (ts.isTemplateExpression(node) && !ts.isTaggedTemplateExpression(node.parent)) {
        for (const span of node.templateSpans) {
          const type = checker.getTypeAtLocation(span.expression);
          if (!mayPrintObject(checker, type)) continue;
          const at = source.getLineAndCharacterOfPosition(span.expression.getStart(source));
          findings.push({
            file: source.fileName,
            line: at.line + 1,
            column: at.character + 1,
            text: span.expression.getText(source),
            type: checker.typeToString(type),
          });
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return findings;
}
