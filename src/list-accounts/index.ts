import { runListAccounts } from './main.js';

await runListAccounts();
