/** k6 entry: swaps around the Monday 09:00 America/Chicago publish and its self-service window (src/scenarios/monday-publish.ts). */
import { mondayPublish } from '../src/scenarios/monday-publish.ts';
import { swapIteration, swapOptions, swapSetup, swapSummary } from './lib/swaps.ts';

export const options = swapOptions(mondayPublish);
export const setup = () => swapSetup(mondayPublish);
export default swapIteration;
export const handleSummary = swapSummary;
