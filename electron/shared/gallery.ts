// The gallery of ready hooks, as the API hands it to clients: each item is a hook (for the host's
// platform) with a line on what it does and the few settings the user fills in when adding it.
import { z } from 'zod';
import { conditionSchema, envNameSchema, errorBehaviourSchema } from './config';

/** Which script family a gallery item is written for: POSIX sh (Linux, macOS) or PowerShell (Windows). */
export const GALLERY_FLAVOURS = ['posix', 'windows'] as const;
export type GalleryFlavour = (typeof GALLERY_FLAVOURS)[number];

export const galleryPlatformSchema = z.enum(['linux', 'darwin', 'win32']);
export type GalleryPlatform = z.infer<typeof galleryPlatformSchema>;

export const galleryParamSchema = z.object({
  /** The environment variable the value becomes in the hook's `env` (the script reads it). */
  name: envNameSchema,
  label: z.string(),
  /** One line: what it means, with an example. */
  description: z.string(),
  /** Filled in when the user gives nothing; '' for a required setting. */
  default: z.string(),
  required: z.boolean(),
  /** How a form should ask for it; the value is always text. */
  kind: z.enum(['text', 'number', 'path', 'url', 'list', 'flag']),
});

export const galleryItemSchema = z.object({
  /** Stable gallery id (`battery`), not the id the added hook gets. */
  id: z.string(),
  name: z.string(),
  /** One line on what it does. */
  description: z.string(),
  conditions: z.array(conditionSchema),
  onError: errorBehaviourSchema,
  timeoutSec: z.number(),
  /** Re-run while a `hookgate run` backup runs, when a system fact changes. */
  guard: z.boolean(),
  /** An END hook that also runs after a skipped backup (absent: it does not). */
  alsoAfterSkip: z.boolean().optional(),
  flavour: z.enum(GALLERY_FLAVOURS),
  /** The script for this platform (a Go text/template; its `#!` line picks the interpreter). */
  script: z.string(),
  params: z.array(galleryParamSchema),
});

export type GalleryParam = z.infer<typeof galleryParamSchema>;
export type GalleryItem = z.infer<typeof galleryItemSchema>;
