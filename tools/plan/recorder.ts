import type { Registration } from "./types";

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
}

/**
 * Records every registration the mock monitor receives, in call order, with what the mocks'
 * `newResource` never sees (parent, dependencies, protect, provider reference).
 */
export class Recorder {
  readonly registrations: Registration[] = [];
  private pending = 0;
  private serving: RegisterRequest | undefined;

  /** Wrap the monitor's registerResource; call after setMocks. */
  attach(monitor: Monitor): void {
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
