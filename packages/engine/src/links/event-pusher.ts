import type { EventPush, PushedEvent, PushOutcome } from "./service-links.js";

interface Waiting {
  event: PushedEvent;
  resolve: (outcome: PushOutcome) => void;
  reject: (error: unknown) => void;
}

/**
 * Batches pushes to each subscribed service: the deliveries claimed together go in one request,
 * and while `concurrency` requests to a service are in flight the next ones wait and join the
 * following request. One slow or unreachable service holds up none of the others.
 */
export class EventPusher {
  readonly #queues = new Map<string, { waiting: Waiting[]; inFlight: number }>();

  constructor(
    private readonly push: EventPush,
    private readonly batchSize = 100,
    private readonly concurrency = 4,
  ) {}

  /** Resolves with what `service` did with the event; rejects when the push failed. */
  send(service: string, event: PushedEvent): Promise<PushOutcome> {
    let queue = this.#queues.get(service);
    if (!queue) {
      queue = { waiting: [], inFlight: 0 };
      this.#queues.set(service, queue);
    }
    const waiting = queue.waiting;
    const outcome = new Promise<PushOutcome>((resolve, reject) =>
      waiting.push({ event, resolve, reject }),
    );
    // After this turn, so that the deliveries dispatched together leave together.
    if (waiting.length === 1) queueMicrotask(() => this.#flush(service));
    return outcome;
  }

  #flush(service: string): void {
    const queue = this.#queues.get(service)!;
    while (queue.inFlight < this.concurrency && queue.waiting.length > 0) {
      const batch = queue.waiting.splice(0, this.batchSize);
      queue.inFlight += 1;
      void this.#send(service, batch).finally(() => {
        queue.inFlight -= 1;
        this.#flush(service);
      });
    }
  }

  async #send(service: string, batch: Waiting[]): Promise<void> {
    try {
      const outcomes = await this.push(
        service,
        batch.map((waiting) => waiting.event),
      );
      if (outcomes.length !== batch.length) {
        throw new Error(
          `${service} answered ${outcomes.length} outcomes for ${batch.length} events.`,
        );
      }
      for (const [index, waiting] of batch.entries()) waiting.resolve(outcomes[index]!);
    } catch (error) {
      for (const waiting of batch) waiting.reject(error);
    }
  }
}
