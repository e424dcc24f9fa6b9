import { okView } from '../../core/auth/auth.schema';
import type { AppContext } from '../../core/context';
import { requirePermission, requireSession } from '../../core/http/guards';
import type { App } from '../../core/http/types';
import { PersonFactsService } from './person-facts.service';
import { PersonsService } from './persons.service';
import {
  caseInput,
  caseParams,
  createPersonBody,
  grantBody,
  idParams,
  listPersonsQuery,
  personListView,
  personView,
  recognitionInput,
  statusEventInput,
  updateCaseBody,
  updatePersonBody,
} from './registry.schema';

/** Persons and their cases, status history, recognitions and grants. Writes need records:write. */
export function registerPersonsRoutes(app: App, ctx: AppContext): void {
  const persons = new PersonsService(ctx);
  const facts = new PersonFactsService(ctx);
  const config = { access: 'session' as const };
  const tags = ['registry'];

  app.get(
    '/api/v1/persons',
    { config, schema: { tags, querystring: listPersonsQuery, response: { 200: personListView } } },
    async (req) => persons.list(requireSession(req).actor, req.query),
  );

  app.get(
    '/api/v1/persons/:id',
    { config, schema: { tags, params: idParams, response: { 200: personView } } },
    async (req) => persons.get(requireSession(req).actor, req.params.id),
  );

  app.post(
    '/api/v1/persons',
    { config, schema: { tags, body: createPersonBody, response: { 201: personView } } },
    async (req, reply) => {
      const actor = requirePermission(req, 'records:write');
      return reply.status(201).send(await persons.create(actor, req.body));
    },
  );

  app.patch(
    '/api/v1/persons/:id',
    { config, schema: { tags, params: idParams, body: updatePersonBody, response: { 200: personView } } },
    async (req) => persons.update(requireSession(req).actor, req.params.id, req.body),
  );

  app.delete(
    '/api/v1/persons/:id',
    { config, schema: { tags, params: idParams, response: { 200: okView } } },
    async (req) => {
      await persons.remove(requireSession(req).actor, req.params.id);
      return { ok: true as const };
    },
  );

  app.post(
    '/api/v1/persons/:id/cases',
    { config, schema: { tags, params: idParams, body: caseInput, response: { 201: personView } } },
    async (req, reply) =>
      reply.status(201).send(await facts.addCase(requireSession(req).actor, req.params.id, req.body)),
  );

  app.patch(
    '/api/v1/persons/:id/cases/:caseId',
    { config, schema: { tags, params: caseParams, body: updateCaseBody, response: { 200: personView } } },
    async (req) => facts.updateCase(requireSession(req).actor, req.params.id, req.params.caseId, req.body),
  );

  app.delete(
    '/api/v1/persons/:id/cases/:caseId',
    { config, schema: { tags, params: caseParams, response: { 200: personView } } },
    async (req) => facts.deleteCase(requireSession(req).actor, req.params.id, req.params.caseId),
  );

  app.post(
    '/api/v1/persons/:id/status-events',
    { config, schema: { tags, params: idParams, body: statusEventInput, response: { 201: personView } } },
    async (req, reply) =>
      reply.status(201).send(await facts.addStatusEvent(requireSession(req).actor, req.params.id, req.body)),
  );

  app.post(
    '/api/v1/persons/:id/recognitions',
    { config, schema: { tags, params: idParams, body: recognitionInput, response: { 201: personView } } },
    async (req, reply) =>
      reply.status(201).send(await facts.addRecognition(requireSession(req).actor, req.params.id, req.body)),
  );

  app.post(
    '/api/v1/persons/:id/grants',
    { config, schema: { tags, params: idParams, body: grantBody, response: { 200: okView } } },
    async (req) => {
      await persons.grant(requireSession(req).actor, req.params.id, req.body.userId);
      return { ok: true as const };
    },
  );
}
