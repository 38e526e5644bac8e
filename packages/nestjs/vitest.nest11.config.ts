import { nestProject } from './vitest.nest-project.js';

export default nestProject(11);
