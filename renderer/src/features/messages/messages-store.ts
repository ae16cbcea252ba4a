/**
 * The Messages screen's store: one message table over the whole store. Its filters and
 * position survive switching screens, which is what an operator working through a backlog wants.
 */
import { createTableStore } from './table-store';

export const messagesTable = createTableStore();
