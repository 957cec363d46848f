import { z } from "zod";

export const IdSchema = z.string().min(1).max(64);
export const IsoDateTimeSchema = z.string().datetime({ offset: true });

/** Lower-cased bare host name: "acme.com", "eu.acme.co.uk". URLs and e-mail addresses are rejected. */
export const DomainSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, "must be a domain name like acme.com");

export const EmailSchema = z.string().trim().toLowerCase().email().max(320);
