import { ref } from 'vue';

/** How many jobs are queued or running, as last seen by the panel or the top-bar button. */
export const activeJobCount = ref(0);
