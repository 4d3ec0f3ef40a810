/** k6 entry: swaps in the Europe/Paris spring-forward reconciliation window (src/scenarios/dst-paris.ts). */
import { dstParis } from '../src/scenarios/dst-paris.ts';
import { swapIteration, swapOptions, swapSetup, swapSummary } from './lib/swaps.ts';

export const options = swapOptions(dstParis);
export const setup = () => swapSetup(dstParis);
export default swapIteration;
export const handleSummary = swapSummary;
