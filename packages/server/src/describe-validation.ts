/** An Ajv validation issue, as Fastify hands it over. */
export interface ValidationIssue {
  readonly instancePath: string;
  readonly keyword: string;
  readonly message?: string | undefined;
}

/**
 * The issues worth telling a client, one per place. A union of shapes told
 * apart by `kind` (work items, adjustments) makes Ajv try each shape: for a
 * value with a known kind but a bad field, it reports the field, but also
 * that `kind` does not match the other shapes and that no shape matched.
 * Those two say nothing the field's issue does not, so they are dropped when
 * the field's issue is there; a value whose `kind` is itself unknown keeps
 * them, since they are then the point.
 */
export function describeValidation(
  issues: readonly ValidationIssue[],
): { path: string; message: string }[] {
  const unions = new Set(
    issues.filter((issue) => issue.keyword === 'anyOf').map((issue) => issue.instancePath),
  );
  const explained = (union: string) =>
    issues.some(
      (issue) =>
        issue.instancePath.startsWith(`${union}/`) &&
        issue.instancePath !== `${union}/kind` &&
        issue.keyword !== 'anyOf',
    );
  const told = new Set<string>();
  const described: { path: string; message: string }[] = [];
  for (const issue of issues) {
    const union =
      issue.keyword === 'anyOf'
        ? issue.instancePath
        : issue.keyword === 'const' && issue.instancePath.endsWith('/kind')
          ? issue.instancePath.slice(0, -'/kind'.length)
          : null;
    if (union !== null && unions.has(union) && explained(union)) continue;
    const path = issue.instancePath || '/';
    const message = issue.message ?? 'is invalid';
    if (told.has(`${path} ${message}`)) continue;
    told.add(`${path} ${message}`);
    described.push({ path, message });
  }
  return described;
}
