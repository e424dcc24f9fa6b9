import { compareNames, parseName } from '../../src/names/index';
const args = process.argv.slice(2);
const schema = args[0] === '-o' ? 'Organization' : 'Person';
const xs = schema === 'Organization' ? args.slice(1) : args;
for (let i = 0; i + 1 < xs.length; i += 2) {
  const r = compareNames(xs[i]!, xs[i + 1]!, { schema });
  console.log(r.score, xs[i], '|', xs[i + 1]);
  for (const l of r.explanation) console.log('   ', l);
  if (schema === 'Person') for (const n of [xs[i]!, xs[i + 1]!]) console.log('   ', parseName(n).tokens.map((t) => `${t.raw}:${t.role}:${t.keys.join('/')}:${t.gender ?? ''}:${t.stem}`).join('  '));
}
