import { fluentdConfig } from '../../lambda/firehose/core/fluentd';
import { configFileForEnv, loadConfigFile } from '../../lib/config/load';
import { main as fluentdCli } from '../../bin/fluentd-config';

interface Directive {
  readonly name: string;
  readonly argument: string;
  readonly params: Record<string, string>;
  readonly children: Directive[];
}

/**
 * Fluentd's v1 configuration syntax, strictly: `<name arg>` ... `</name>` sections, `key value` parameters,
 * `#` comments. Any other line, an unclosed or mismatched section, or a repeated parameter is an error.
 */
function parseFluentd(text: string): Directive[] {
  const root: Directive = { name: 'ROOT', argument: '', params: {}, children: [] };
  const stack = [root];
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const open = /^<([a-z_]+)(?:\s+([^>]+))?>$/.exec(line);
    const close = /^<\/([a-z_]+)>$/.exec(line);
    const param = /^(@?[a-z_]+)\s+(\S.*)$/.exec(line);
    const top = stack[stack.length - 1];
    if (open) {
      const directive: Directive = { name: open[1], argument: open[2] ?? '', params: {}, children: [] };
      top.children.push(directive);
      stack.push(directive);
    } else if (close) {
      if (top.name !== close[1]) throw new Error(`line ${index + 1}: </${close[1]}> closes <${top.name}>`);
      stack.pop();
    } else if (param) {
      if (top === root) throw new Error(`line ${index + 1}: parameter outside a section`);
      if (param[1] in top.params) throw new Error(`line ${index + 1}: ${param[1]} repeated`);
      top.params[param[1]] = param[2];
    } else {
      throw new Error(`line ${index + 1}: cannot read ${JSON.stringify(line)}`);
    }
  });
  if (stack.length !== 1) throw new Error(`<${stack[stack.length - 1].name}> is not closed`);
  return root.children;
}

describe('Fluentd configuration', () => {
  const config = loadConfigFile(configFileForEnv('example'));

  test.each(config.firehose.streams.map((s) => s.name))("stream %s: tail with a position file, kinesis_firehose with the stream's values", async (name) => {
    const printed: string[] = [];
    const code = await fluentdCli(
      ['--stream', name, '--env', 'example'],
      (t) => printed.push(t),
      () => undefined,
    );
    expect(code).toBe(0);
    const stream = config.firehose.streams.find((s) => s.name === name)!;
    const [source, match, ...rest] = parseFluentd(printed.join('\n'));
    expect(rest).toEqual([]);
    expect(source).toMatchObject({
      name: 'source',
      params: { '@type': 'tail', path: stream.logFile ?? `/var/log/app/${name}.log`, pos_file: `/var/log/fluent/${name}.pos`, tag: `firehose.${name}` },
    });
    expect(source.children).toEqual([{ name: 'parse', argument: '', params: { '@type': 'none', message_key: 'message' }, children: [] }]);
    expect(match).toMatchObject({
      name: 'match',
      argument: `firehose.${name}`,
      params: { '@type': 'kinesis_firehose', region: 'ap-northeast-2', delivery_stream_name: `example-${name}`, data_key: 'message', append_new_line: 'true' },
    });
    expect(match.children[0]).toMatchObject({
      name: 'buffer',
      params: { '@type': 'file', path: `/var/log/fluent/buffer/${name}`, flush_interval: '1s', retry_forever: 'true' },
    });
  });

  test('values that would break the file are refused', () => {
    const base = { name: 'click', deliveryStreamName: 'dev-click', region: 'ap-northeast-2', logFile: '/var/log/app/click.log', environment: 'dev' };
    expect(() => fluentdConfig({ ...base, logFile: '/var/log/app/click.log\n</source>' })).toThrow('log file');
    expect(() => fluentdConfig({ ...base, flushInterval: '1s # x' })).toThrow('flush interval');
  });

  test('the CLI names an unknown stream and lists the known ones', async () => {
    const errors: string[] = [];
    expect(
      await fluentdCli(
        ['--stream', 'nope', '--env', 'example'],
        () => undefined,
        (t) => errors.push(t),
      ),
    ).toBe(1);
    expect(errors[0]).toBe('error: no stream "nope" in config/example.yaml; streams: impression, click, device, event, user_activity');
    expect(
      await fluentdCli(
        [],
        () => undefined,
        (t) => errors.push(t),
      ),
    ).toBe(2);
    expect(errors.slice(1)).toEqual(['error: --stream is required (see --help)']);
  });
});
