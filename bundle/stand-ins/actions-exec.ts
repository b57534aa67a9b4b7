import { leftOut } from './left-out.js';

/**
 * Stands in for @actions/exec (and @actions/io behind it). @actions/core imports it for
 * `platform.getDetails()`, which runs lsb_release, sw_vers or PowerShell; neither action calls
 * it, and no path of either action runs a program.
 */
const PKG = '@actions/exec';
const REASON = 'no path of either action runs a program';

export const exec = leftOut(PKG, 'exec', REASON);
export const getExecOutput = leftOut(PKG, 'getExecOutput', REASON);
