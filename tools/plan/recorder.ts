// The recorder lives in the package (lib/recorder.ts): integrators' tests record registrations the same way.
export { Recorder } from "../../lib/recorder";
