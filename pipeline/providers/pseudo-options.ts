import * as z from 'zod';

/** The pseudo provider takes no options. Its own module: the registry checks configs without loading the provider. */
export const pseudoOptionsSchema = z.strictObject({});
