import type { Activity } from "@eventual/core";
import { asyncResult, getActivityContext, HeartbeatTimeout, Timeout } from "@eventual/core";

type Behaviour = (args: unknown[]) => unknown;

/** One call of a mocked activity, as the test can inspect it. */
export interface MockedCall<Args extends any[]> {
  args: Args;
  attempt: number;
  activityToken: string;
}

/**
 * Replaces an activity's code for a test. `*Once` behaviours are used first, in the order given;
 * then the standing behaviour; with none set, the real handler runs.
 *
 * @example
 * const charge = env.mockActivity(chargeCard);
 * charge.failOnce(new Error("card declined")).succeed({ chargeId: "ch_1" });
 */
export class MockActivity<Args extends any[] = any[], Result = any> {
  readonly calls: MockedCall<Args>[] = [];
  #once: Behaviour[] = [];
  #standing?: Behaviour;

  constructor(readonly activity: Activity<Args, Result>) {}

  /** Runs for the activity in place of its handler. */
  readonly handler = (...args: unknown[]): unknown => {
    const context = getActivityContext();
    this.calls.push({
      args: args as Args,
      attempt: context.attempt,
      activityToken: context.activityToken,
    });
    const behaviour =
      this.#once.shift() ?? this.#standing ?? ((a) => this.activity.handler(...(a as Args)));
    return behaviour(args);
  };

  /** Returns `result` from every call. */
  succeed(result: Result): this {
    return this.#set(() => result);
  }
  succeedOnce(result: Result): this {
    return this.#add(() => result);
  }

  /** Throws `error` from every call (subject to the activity's retry policy). */
  fail(error: Error): this {
    return this.#set(() => {
      throw error;
    });
  }
  failOnce(error: Error): this {
    return this.#add(() => {
      throw error;
    });
  }

  /** Never completes on its own: complete it with `env.sendActivitySuccess` and the call's token. */
  block(): this {
    return this.#set(() => asyncResult(() => {}));
  }
  blockOnce(): this {
    return this.#add(() => asyncResult(() => {}));
  }

  /**
   * Fails every call with a `Timeout` error, as if the activity had run out of time. It fails the
   * attempt, so an activity with a `retry` policy is tried again.
   *
   * @example
   * env.mockActivity(chargeCard).timeout();
   */
  timeout(): this {
    return this.#set(() => {
      throw new Timeout(`Activity "${this.activity.activityName}" timed out (mocked).`);
    });
  }
  timeoutOnce(): this {
    return this.#add(() => {
      throw new Timeout(`Activity "${this.activity.activityName}" timed out (mocked).`);
    });
  }

  /**
   * Fails every call with a `HeartbeatTimeout` error, as if the activity had stopped heartbeating.
   *
   * @example
   * env.mockActivity(copyPages).heartbeatTimeoutOnce().invokeReal();
   */
  heartbeatTimeout(): this {
    return this.#set(() => {
      throw new HeartbeatTimeout(
        `Activity "${this.activity.activityName}" missed a heartbeat (mocked).`,
      );
    });
  }
  heartbeatTimeoutOnce(): this {
    return this.#add(() => {
      throw new HeartbeatTimeout(
        `Activity "${this.activity.activityName}" missed a heartbeat (mocked).`,
      );
    });
  }

  /**
   * Leaves every call waiting for a completion from outside, as `asyncResult` does, and hands
   * `onToken` the call's token for `env.sendActivitySuccess`/`sendActivityFailure`.
   *
   * @example
   * let token = "";
   * env.mockActivity(requestApproval).asyncResult((activityToken) => { token = activityToken; });
   */
  asyncResult(onToken?: (activityToken: string) => void | Promise<void>): this {
    return this.#set(() => asyncResult(async (token) => onToken?.(token)));
  }
  asyncResultOnce(onToken?: (activityToken: string) => void | Promise<void>): this {
    return this.#add(() => asyncResult(async (token) => onToken?.(token)));
  }

  /** Runs `fn` with the call's arguments. */
  invoke(fn: (...args: Args) => Result | Promise<Result>): this {
    return this.#set((args) => fn(...(args as Args)));
  }
  invokeOnce(fn: (...args: Args) => Result | Promise<Result>): this {
    return this.#add((args) => fn(...(args as Args)));
  }

  /** Runs the activity's real handler. */
  invokeReal(): this {
    return this.#set((args) => this.activity.handler(...(args as Args)));
  }
  invokeRealOnce(): this {
    return this.#add((args) => this.activity.handler(...(args as Args)));
  }

  /** Forgets behaviours and calls. */
  reset(): this {
    this.#once = [];
    this.#standing = undefined;
    this.calls.length = 0;
    return this;
  }

  #set(behaviour: Behaviour): this {
    this.#standing = behaviour;
    return this;
  }

  #add(behaviour: Behaviour): this {
    this.#once.push(behaviour);
    return this;
  }
}
