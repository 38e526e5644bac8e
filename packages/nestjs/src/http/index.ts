// `@cloud-token/nestjs/http`: its own entry, so the main one never loads the optional @nestjs/axios.
export { CloudTokenHttpBinding } from './cloud-token-http-binding.js';
