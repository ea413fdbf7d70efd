/**
 * Every Step Functions state machine of the example platform, as CloudFormation will hand it to Step Functions:
 * the DefinitionString's intrinsics resolved to plausible ARNs, then validated as Amazon States Language by
 * asl-validator (JSON schema of the spec, transitions to existing states, a reachable terminal state, paths).
 */
import { TemplateModel } from '../cloud-contract/template-model';
import { exampleConfig, exampleStacks } from '../helpers/platform';

interface AslResult {
  readonly isValid: boolean;
  readonly errors: readonly { readonly message?: string; readonly 'Error code'?: string }[];
  readonly errorsText: (separator?: string) => string;
}
// The package ships no type declarations.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const aslValidator: (definition: object) => AslResult = require('asl-validator');

const config = exampleConfig();
const model = TemplateModel.fromStacks(exampleStacks(), config.region, config.account);
const machines = [...model.allResources()]
  .filter((r) => r.resource.Type === 'AWS::StepFunctions::StateMachine')
  .map((r) => ({ name: `${r.stack}/${r.logicalId}`, definition: String(model.resolve(r.stack, r.resource.Properties!.DefinitionString)) }));

/** A fresh parse each time: the validator writes defaults (QueryLanguage) into what it is given. */
const parsed = (text: string) => JSON.parse(text) as { StartAt: string; States: Record<string, Record<string, unknown>> };

test("the example platform has state machines (the Athena jobs' runner)", () => {
  expect(config.athena.jobs.length).toBeGreaterThan(0);
  expect(machines.some((m) => m.name.startsWith(`${config.name}-athena/`))).toBe(true);
});

test.each(machines.map((m) => [m.name, m.definition]))('%s is valid Amazon States Language', (_name, definition) => {
  const result = aslValidator(parsed(definition));
  expect(result.errorsText('\n')).toBe('');
  expect(result.isValid).toBe(true);
  // Substituted ARNs, not leftover tokens or intrinsics.
  expect(definition).not.toMatch(/\$\{Token|Fn::|"Ref"/);
});

describe('the validator rejects a planted defect in a real definition', () => {
  const [first] = machines;
  const someStateWithNext = (states: Record<string, Record<string, unknown>>) => Object.keys(states).find((s) => typeof states[s].Next === 'string')!;

  test('a Next to a state that does not exist', () => {
    const definition = parsed(first.definition);
    const state = someStateWithNext(definition.States);
    expect(state).toBeDefined();
    definition.States[state].Next = 'NoSuchState';
    const result = aslValidator(definition);
    expect(result.isValid).toBe(false);
    expect(result.errorsText('\n')).toMatch(/NoSuchState/);
  });

  test('a StartAt that names no state', () => {
    const definition = parsed(first.definition);
    definition.StartAt = 'Nowhere';
    expect(aslValidator(definition).isValid).toBe(false);
  });

  test('a Task without a Resource', () => {
    const definition = parsed(first.definition);
    const task = Object.keys(definition.States).find((s) => definition.States[s].Type === 'Task')!;
    expect(task).toBeDefined();
    delete definition.States[task].Resource;
    expect(aslValidator(definition).isValid).toBe(false);
  });
});
