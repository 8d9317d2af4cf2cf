import { Duplex } from "node:stream";

/**
 * A Duplex layered on another stream it owns: the inner stream's data goes
 * to `receive`, its end to `innerEnded`, its close and errors end this one;
 * ending or destroying this one ends or destroys the inner stream. Reading
 * resumes an inner stream paused for back-pressure. Subclasses write.
 */
export abstract class InnerDuplex extends Duplex {
  private readonly onData = (chunk: Buffer): void => this.receive(chunk);
  private readonly onEnd = (): void => this.innerEnded();
  private readonly onClose = (): void => {
    if (!this.destroyed) this.destroy();
  };
  private readonly onError = (err: Error): void => {
    this.destroy(err);
  };

  constructor(protected readonly inner: Duplex) {
    super();
    inner.on("data", this.onData);
    inner.on("end", this.onEnd);
    inner.on("close", this.onClose);
    inner.on("error", this.onError);
  }

  protected abstract receive(chunk: Buffer): void;

  protected innerEnded(): void {
    this.push(null);
  }

  override _final(cb: (err?: Error | null) => void): void {
    this.inner.end(cb);
  }

  override _read(): void {
    if (this.inner.isPaused()) this.inner.resume();
  }

  override _destroy(err: Error | null, cb: (err?: Error | null) => void): void {
    this.inner.off("data", this.onData);
    this.inner.off("end", this.onEnd);
    this.inner.off("close", this.onClose);
    this.inner.off("error", this.onError);
    // No error on the inner stream: nobody listens there any more, and ours carries it.
    if (!this.inner.destroyed) this.inner.destroy();
    cb(err);
  }
}
