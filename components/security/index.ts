export * from "./flows";
export * from "./evaluate";
export * from "./input";
export * from "./network-isolation";
export * from "./rotation";
export * from "./preflight";
