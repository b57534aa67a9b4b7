/** Entry of the STS bundle (dist/main/sts/, built on its own by scripts/bundle.sh). */
export { assumeRole } from './assume-role.js';
