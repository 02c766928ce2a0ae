/** One `registerResource` call as the mock monitor received it. */
export interface Registration {
  urn: string;
  type: string;
  name: string;
  custom: boolean;
  /** a multi-language component (e.g. helm.v4.Chart): one resource under mocks */
  remote: boolean;
  parent: string | null;
  /** explicit dependsOn, with components already expanded to their children by the runtime */
  dependencies: string[];
  /** input property -> URNs it was computed from */
  propertyDependencies: Record<string, string[]>;
  protect: boolean;
  retainOnDelete: boolean;
  /** the deleteBeforeReplace option (a replacement deletes the old object first) */
  deleteBeforeReplace?: boolean;
  /** provider reference `<urn>::<id>`, or null for a default provider / a component */
  provider: string | null;
  /** `request.getObject().toJavaScript()`: serialized inputs, secrets still wrapped */
  inputs: Record<string, unknown>;
}

/** The parts of pulumirpc.RegisterResourceRequest the plan reads. */
interface RegisterRequest {
  getType(): string;
  getName(): string;
  getCustom(): boolean;
  getRemote(): boolean;
  getParent(): string;
  getDependenciesList(): string[];
  getPropertydependenciesMap(): { forEach(cb: (deps: { getUrnsList(): string[] }, key: string) => void): void };
  getProtect(): boolean;
  getRetainondelete(): boolean;
  getDeletebeforereplace(): boolean;
  getProvider(): string;
  getAdditionalsecretoutputsList(): string[];
  getObject(): { toJavaScript(): Record<string, unknown> } | undefined;
}

interface Monitor {
  registerResource(req: RegisterRequest, callback: (err: unknown, resp?: { getUrn(): string }) => void): void;
  registerResourceOutputs?(req: { getUrn(): string; getOutputs(): { toJavaScript(): Record<string, unknown> } | undefined }, callback: (err: unknown, resp?: unknown) => void): void;
}

/**
 * Records every registration the mock monitor receives, in call order, with what the mocks'
 * `newResource` never sees (parent, dependencies, protect, provider reference).
 */
export class Recorder {
  readonly registrations: Registration[] = [];
  /** URN -> the outputs a component (or the stack: its exports) registered, serialized, secrets still wrapped */
  readonly outputs = new Map<string, Record<string, unknown>>();
  private pending = 0;
  private serving: RegisterRequest | undefined;

  /** Wrap the monitor's registerResource (and registerResourceOutputs); call after setMocks. */
  attach(monitor: Monitor): void {
    const registerOutputs = monitor.registerResourceOutputs?.bind(monitor);
    if (registerOutputs)
      monitor.registerResourceOutputs = (req, callback) => {
        this.outputs.set(req.getUrn(), req.getOutputs()?.toJavaScript() ?? {});
        registerOutputs(req, callback);
      };
    const original = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, callback) => {
      const deps: Record<string, string[]> = {};
      req.getPropertydependenciesMap().forEach((v, k) => {
        deps[k] = v.getUrnsList();
      });
      const entry: Registration = {
        urn: "",
        type: req.getType(),
        name: req.getName(),
        custom: req.getCustom(),
        remote: req.getRemote(),
        parent: req.getParent() || null,
        dependencies: req.getDependenciesList(),
        propertyDependencies: deps,
        protect: req.getProtect() === true,
        retainOnDelete: req.getRetainondelete() === true,
        deleteBeforeReplace: req.getDeletebeforereplace() === true,
        provider: req.getProvider() || null,
        inputs: req.getObject()?.toJavaScript() ?? {},
      };
      this.registrations.push(entry);
      this.pending++;
      // The mock monitor calls newResource synchronously inside registerResource: the mocks read
      // this request's additional secret outputs through `servingSecretOutputs`.
      this.serving = req;
      try {
        original(req, (err, resp) => {
          this.pending--;
          if (resp) entry.urn = resp.getUrn();
          callback(err, resp);
        });
      } finally {
        this.serving = undefined;
      }
    };
  }

  /** The additional secret outputs of the registration the mocks are serving right now. */
  servingSecretOutputs(): readonly string[] {
    return this.serving?.getAdditionalsecretoutputsList() ?? [];
  }

  /** Registrations sent but not yet answered. */
  get inFlight(): number {
    return this.pending;
  }
}

/**
 * Wait until every registration has been answered and nothing new was started: the runtime's
 * RPC queue drained, then one full turn of the event loop with no new registration.
 */
export async function settle(pulumi: typeof import("@pulumi/pulumi"), recorder: Recorder): Promise<void> {
  for (;;) {
    const before = recorder.registrations.length;
    // waitForRPCs is what the language host awaits before disconnecting (internal, not in the .d.ts).
    await (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
    await new Promise((resolve) => setImmediate(resolve));
    if (recorder.inFlight === 0 && recorder.registrations.length === before) return;
  }
}
