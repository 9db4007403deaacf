// Minimal typings for the parts of saxon-js the hub uses (the package ships none).
declare module 'saxon-js' {
  export interface TransformOptions {
    stylesheetInternal?: object;
    stylesheetFileName?: string;
    sourceNode?: unknown;
    sourceText?: string;
    destination?: 'serialized' | 'raw' | 'document' | 'application' | 'file' | 'stdout';
    stylesheetParams?: Record<string, unknown>;
  }
  export interface TransformResult {
    principalResult: unknown;
  }
  export function transform(options: TransformOptions, execution: 'sync'): TransformResult;
  export function transform(options: TransformOptions, execution: 'async'): Promise<TransformResult>;
  export function getResource(options: { text?: string; file?: string; type: 'xml' | 'json' | 'text' }): Promise<unknown>;
  export function getProcessorInfo(): { productVersion: string; productName: string };
}
