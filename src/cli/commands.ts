/**
 * Every `wfm-harness` command, in the order --help lists them: each module exports a factory that builds
 * its Command from the project root, and this list is the one place a command is registered.
 */
import type { Command } from 'commander';
import { openApiCommand, serveCommand } from './serve-command.ts';
import { compareCommand } from './compare-command.ts';
import { k6Command } from './k6-command.ts';
import { bundleCommand } from './bundle-command.ts';
import { simCommand } from './sim-command.ts';
import { syncCommand } from './sync-command.ts';
import { planCommand } from './plan-command.ts';
import { baselineCommand } from './baseline-command.ts';
import { dstCommand } from './dst-command.ts';
import { tuneCommand } from './tune-command.ts';
import { capacityCommand } from './capacity-command.ts';
import { scenarioCommand } from './scenario-command.ts';
import { explainCommand } from './explain-command.ts';
import { observeCommand } from './observe-command.ts';
import { reportCommand } from './report-command.ts';

/** Builds one command; `root` is the project directory (package.json, dist/, reports/). */
export type CommandFactory = (root: string) => Command;

export const COMMANDS: readonly CommandFactory[] = [
  serveCommand,
  openApiCommand,
  compareCommand,
  k6Command,
  bundleCommand,
  simCommand,
  syncCommand,
  planCommand,
  baselineCommand,
  tuneCommand,
  capacityCommand,
  scenarioCommand,
  explainCommand,
  observeCommand,
  reportCommand,
  dstCommand,
];
