/**
 * The load benchmark's baseline: a bare Fastify 5 route answering a small JSON object, no plugins, no
 * database, in its own process on loopback. Prints one line when listening. Port from BASELINE_PORT.
 */
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/', () => ({ ok: true, items: [{ id: 'baseline', value: 1 }] }));
await app.listen({ host: '127.0.0.1', port: Number(process.env.BASELINE_PORT) });
process.stdout.write('listening\n');
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
