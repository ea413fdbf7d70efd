/** Dependency graphs between named things (scheduler server groups): cycle detection and ordering. */

export interface DependencyNode {
  readonly name: string;
  readonly dependsOn: readonly string[];
}

/**
 * Returns one cycle as the list of names along it (first name repeated at the end), or undefined.
 * Dependencies on unknown names are ignored here; callers report those separately.
 */
export function findDependencyCycle(nodes: readonly DependencyNode[]): string[] | undefined {
  const byName = new Map(nodes.map((node) => [node.name, node]));
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];

  const visit = (name: string): string[] | undefined => {
    if (state.get(name) === 'done') return undefined;
    if (state.get(name) === 'visiting') return [...stack.slice(stack.indexOf(name)), name];
    state.set(name, 'visiting');
    stack.push(name);
    for (const next of byName.get(name)?.dependsOn ?? []) {
      if (!byName.has(next)) continue;
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(name, 'done');
    return undefined;
  };

  for (const node of nodes) {
    const cycle = visit(node.name);
    if (cycle) return cycle;
  }
  return undefined;
}
