// The Frictionless Data project's JavaScript implementation (frictionlessdata/datapackage-js) ships
// no types; this declares the part the data-package test uses.
declare module 'datapackage' {
  interface TableSchemaError extends Error {
    multiple?: boolean;
    errors?: Error[];
  }
  interface Resource {
    name: string;
    read(options: {
      keyed?: boolean;
      relations?: boolean;
      forceCast?: boolean;
    }): Promise<(Record<string, unknown> | TableSchemaError)[]>;
  }
  export class Package {
    static load(descriptor: string, options?: { basePath?: string; strict?: boolean }): Promise<Package>;
    readonly valid: boolean;
    readonly errors: Error[];
    readonly resources: Resource[];
  }
}
