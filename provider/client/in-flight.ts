/**
 * What the creates running in this process know of each other. Pulumi runs every dynamic resource
 * of a stack in one provider process, so two resources of the same stack that create equal spaces
 * in parallel meet here: a space one of them received or took is never taken by another, and a
 * create whose answer was lost waits for the others' answers before it looks for its space.
 */
export class InFlightCreates {
  private readonly claimed = new Set<string>();
  private readonly running = new Map<string, Set<Promise<unknown>>>();
  private readonly unanswered = new Set<Promise<unknown>>();

  /** Marks a space as owned by a create of this process; false if it already was. */
  claim(host: string, spaceId: string): boolean {
    const key = `${host} ${spaceId}`;
    if (this.claimed.has(key)) return false;
    this.claimed.add(key);
    return true;
  }

  isClaimed(host: string, spaceId: string): boolean {
    return this.claimed.has(`${host} ${spaceId}`);
  }

  /** Registers a create's POST under the signature of what it sends; returns the unregister call. */
  start(signature: string, post: Promise<unknown>): () => void {
    let set = this.running.get(signature);
    if (set === undefined) this.running.set(signature, (set = new Set()));
    set.add(post);
    this.unanswered.add(post);
    const answered = () => void this.unanswered.delete(post);
    post.then(answered, answered);
    return () => {
      set.delete(post);
      if (set.size === 0) this.running.delete(signature);
    };
  }

  /** How many creates with this signature are running, the caller's own included. */
  count(signature: string): number {
    return this.running.get(signature)?.size ?? 0;
  }

  /** Resolves when every other POST with this signature has an answer (or has failed). */
  async othersAnswered(signature: string, own: Promise<unknown>): Promise<void> {
    await Promise.allSettled(this.waiting(signature, own));
  }

  /**
   * Other POSTs with this signature still waiting for their answer: a create must not take a space
   * while one is, since the space may be that one's (its answer has not claimed it yet).
   */
  waiting(signature: string, own: Promise<unknown>): Promise<unknown>[] {
    return [...(this.running.get(signature) ?? [])].filter(
      (p) => p !== own && this.unanswered.has(p),
    );
  }
}

/** One registry per process: every client of this process shares it. */
export const inFlightCreates = new InFlightCreates();
