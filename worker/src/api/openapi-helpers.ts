import { OpenAPIHono } from "@hono/zod-openapi";
import { ApiErrorBodySchema } from "@sightline/shared";
import type { ZodType } from "zod";
import type { AppEnv } from "../platform/app-env.ts";
import { validationHook } from "../platform/validation.ts";

/** A sub-app for one resource; validation failures become 400s naming the field. */
export function createResourceApp() {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
}

export const jsonBody = <T extends ZodType>(schema: T) => ({
  body: { required: true, content: { "application/json": { schema } } },
});

export const jsonResponse = <T extends ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

const errorResponse = (description: string) => jsonResponse(ApiErrorBodySchema, description);

/** The error answers every authenticated route can give, for the OpenAPI document. */
export const errorResponses = {
  400: errorResponse("Malformed request; the message names the field"),
  401: errorResponse("Missing, invalid or revoked token"),
  403: errorResponse("The token's role may not do this"),
  404: errorResponse("No such resource in the caller's organization"),
  409: errorResponse("Conflicts with an existing resource (e.g. a domain already used)"),
} as const;

export const bearerSecurity = [{ bearerAuth: [] }];
