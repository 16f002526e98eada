/**
 * Told after each batch of a job that drains its work in batches (overdue sweep, reminders, recurring invoices),
 * so a long run shows in the logs as it goes: the batch's number, what it did, and the run's total so far.
 */
export type BatchProgress = (progress: { batch: number; done: number; total: number }) => void;
