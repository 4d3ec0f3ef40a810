/**
 * The aws-occ row's world, generated once per sweep: its content does not matter, only that one trade
 * exists. Apart from aws-occ.ts so that a sweep runs on the world as plain data (World): the sweep's
 * worker threads and the bench's measured process get it from their parent and never load the world
 * generator (faker, luxon), which would cost every such process tens of MiB it does not use.
 */
import type { World } from '../../../mock-server/domain/world.ts';
import { generateWorld } from '../../world/generate.ts';
import { AWS_OCC } from './aws-occ.ts';

export function occWorld(seed = 1): World {
  return generateWorld(AWS_OCC.world, seed);
}
