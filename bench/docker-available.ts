// Whether the Docker benchmarks can run here (an engine answers quickly).
import { connectEngine } from '../sandbox/docker/engine';

export async function requireDockerForBench(): Promise<boolean> {
  try {
    return await connectEngine().ping(1000);
  } catch {
    return false;
  }
}
